package io.closeloop.service.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Signing in: the first admin, creating agents, sessions by cookie with CSRF or by bearer token, lockout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentAuthContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "agents.initialAdminUser", "Admin", "agents.initialAdminPassword", ADMIN_PASSWORD,
                "agents.maxFailedLogins", "3", "agents.lockout", "15 minutes"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theFirstAdminSignsInCreatesAnAgentWhoSignsInAndSetsTheirStatus() {
        HttpResponse<String> login = login("admin", ADMIN_PASSWORD);
        JsonNode admin = json(login, 200);
        assertThat(admin.get("agent").get("role").asText()).isEqualTo("admin");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("closeloop_session=cls_").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        String token = admin.get("token").asText();

        String name = "mei-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode created = json(sendBearer(token, "POST", "/api/v1/agents", "{\"username\":\"" + name + "\","
                + "\"password\":\"a-long-enough-secret\",\"displayName\":\"Mei\",\"languages\":[\"zh-CN\",\"en\"],"
                + "\"topics\":[\"delivery\"],\"capacity\":4}"), 201);
        assertThat(created.get("role").asText()).isEqualTo("agent");
        assertThat(created.get("languages")).hasSize(2);
        assertThat(created.toString()).doesNotContain("a-long-enough-secret").doesNotContain("pbkdf2");
        String stored = app.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM agent WHERE username = :u")
                .bind("u", name).mapTo(String.class).one());
        assertThat(stored).startsWith("pbkdf2-sha256$600000$");

        JsonNode mei = json(login(name, "a-long-enough-secret"), 200);
        String meiToken = mei.get("token").asText();
        assertThat(json(sendBearer(meiToken, "PUT", "/api/v1/agents/me/status", "{\"status\":\"online\"}"), 200)
                .get("status").asText()).isEqualTo("online");
        assertThat(json(sendBearer(meiToken, "GET", "/api/v1/agents/me", null), 200).get("status").asText())
                .isEqualTo("online");
        JsonNode notAdmin = json(sendBearer(meiToken, "POST", "/api/v1/agents",
                "{\"username\":\"sneaky\",\"password\":\"a-long-enough-secret\"}"), 403);
        assertThat(notAdmin.get("code").asText()).isEqualTo("forbidden");
        JsonNode invalid = json(sendBearer(token, "POST", "/api/v1/agents",
                "{\"username\":\"x\",\"password\":\"short\",\"role\":\"boss\",\"capacity\":0}"), 422);
        assertThat(invalid.get("details").findValuesAsText("field")).contains("username", "password", "role", "capacity");
        assertThat(json(sendBearer(token, "POST", "/api/v1/agents", "{\"username\":\"" + name
                + "\",\"password\":\"a-long-enough-secret\"}"), 409).get("code").asText()).isEqualTo("agent_exists");

        assertThat(sendBearer(meiToken, "POST", "/api/v1/auth/logout", null).statusCode()).isEqualTo(204);
        assertThat(json(sendBearer(meiToken, "GET", "/api/v1/agents/me", null), 401).get("code").asText())
                .isEqualTo("session_expired");
        assertThat(count("SELECT COUNT(*) FROM audit_log WHERE action IN ('login', 'logout', 'agent_created', 'status')"))
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void aCookieSessionNeedsItsCsrfTokenToChangeAnything() {
        JsonNode admin = json(login("admin", ADMIN_PASSWORD), 200);
        String cookie = "closeloop_session=" + admin.get("token").asText();
        String csrf = admin.get("csrfToken").asText();
        HttpRequest.Builder me = HttpRequest.newBuilder(app.uri("/api/v1/agents/me")).header("Cookie", cookie);
        assertThat(app.send(me.GET().build()).statusCode()).as("reading needs no CSRF token").isEqualTo(200);

        HttpRequest withoutToken = HttpRequest.newBuilder(app.uri("/api/v1/agents/me/status")).header("Cookie", cookie)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"away\"}")).build();
        assertThat(json(app.send(withoutToken), 403).get("code").asText()).isEqualTo("csrf_token_missing");
        HttpRequest wrongToken = HttpRequest.newBuilder(app.uri("/api/v1/agents/me/status")).header("Cookie", cookie)
                .header("X-CSRF-Token", "not-it").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"away\"}")).build();
        assertThat(app.send(wrongToken).statusCode()).isEqualTo(403);
        HttpRequest withToken = HttpRequest.newBuilder(app.uri("/api/v1/agents/me/status")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"away\"}")).build();
        assertThat(json(app.send(withToken), 200).get("status").asText()).isEqualTo("away");
        assertThat(json(app.send(HttpRequest.newBuilder(app.uri("/api/v1/agents/me")).GET().build()), 401)
                .get("code").asText()).isEqualTo("not_signed_in");
    }

    @Test
    void aSupervisorChangesAgentsButNotAnAdmin() {
        JsonNode admin = json(login("admin", ADMIN_PASSWORD), 200);
        String adminToken = admin.get("token").asText();
        long adminId = admin.get("agent").get("id").asLong();
        String boss = "sup-" + UUID.randomUUID().toString().substring(0, 6);
        json(sendBearer(adminToken, "POST", "/api/v1/agents", "{\"username\":\"" + boss
                + "\",\"password\":\"a-supervisor-secret\",\"role\":\"supervisor\"}"), 201);
        String worker = "ag-" + UUID.randomUUID().toString().substring(0, 6);
        long workerId = json(sendBearer(adminToken, "POST", "/api/v1/agents", "{\"username\":\"" + worker
                + "\",\"password\":\"an-agent-secret-1\"}"), 201).get("id").asLong();
        String supervisor = json(login(boss, "a-supervisor-secret"), 200).get("token").asText();

        assertThat(json(sendBearer(supervisor, "PATCH", "/api/v1/agents/" + workerId, "{\"capacity\":7}"), 200)
                .get("capacity").asInt()).isEqualTo(7);
        JsonNode refused = json(sendBearer(supervisor, "PATCH", "/api/v1/agents/" + adminId,
                "{\"capacity\":1,\"status\":\"offline\",\"displayName\":\"Not the admin\"}"), 403);
        assertThat(refused.get("code").asText()).isEqualTo("forbidden");
        assertThat(refused.get("message").asText()).contains("admin");
        JsonNode unchanged = json(sendBearer(adminToken, "GET", "/api/v1/agents/me", null), 200);
        assertThat(unchanged.get("capacity").asInt()).isEqualTo(5);
        assertThat(unchanged.get("displayName").asText()).isEqualTo("admin");
        // An admin may change another admin.
        assertThat(json(sendBearer(adminToken, "PATCH", "/api/v1/agents/" + adminId, "{\"capacity\":6}"), 200)
                .get("capacity").asInt()).isEqualTo(6);
        json(sendBearer(adminToken, "PATCH", "/api/v1/agents/" + adminId, "{\"capacity\":5}"), 200);
    }

    @Test
    void repeatedFailuresLockTheAccountForAWhile() {
        String name = "lee-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = json(login("admin", ADMIN_PASSWORD), 200).get("token").asText();
        json(sendBearer(admin, "POST", "/api/v1/agents", "{\"username\":\"" + name
                + "\",\"password\":\"the-right-password\"}"), 201);

        JsonNode wrong = json(login(name, "the-wrong-password"), 401);
        assertThat(wrong.get("code").asText()).isEqualTo("invalid_credentials");
        assertThat(json(login("nobody-" + name, "whatever-password"), 401).get("message").asText())
                .as("an unknown name reads the same").isEqualTo(wrong.get("message").asText());
        json(login(name, "the-wrong-password"), 401);
        json(login(name, "the-wrong-password"), 401);
        assertThat(json(login(name, "the-right-password"), 429).get("code").asText()).isEqualTo("account_locked");

        clock.advance(Duration.ofMinutes(16));
        assertThat(json(login(name, "the-right-password"), 200).get("agent").get("username").asText()).isEqualTo(name);
        assertThat(json(login("admin", "x"), 401).toString()).doesNotContain("Exception");
        assertThat(json(app.postJson("/api/v1/auth/login", "{}"), 422).get("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("username", "password");
    }

    private HttpResponse<String> login(String username, String password) {
        return app.postJson("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private HttpResponse<String> sendBearer(String token, String method, String path, String body) {
        return app.sendBearer(token, method, path, body);
    }

    private long count(String sql) {
        return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
