package io.closeloop.service.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An agent's status follows the console: opening it after signing in makes them online (and tickets come),
 * idling, closing it or its heartbeats stopping makes them away, signing out offline; away or offline chosen by
 * hand stays. The console's calls are made here as the console makes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PresenceContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String PASSWORD = "presence-password-1";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private TestDatabase database;
    private TestApp app;
    private String admin;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "agents.initialAdminUser", "boss", "agents.initialAdminPassword", "boss-password-for-tests",
                "agents.awayAfter", "5 minutes"));
        admin = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"boss\",\"password\":\"boss-password-for-tests\"}"), 200).get("token").asText();
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
    void openingTheConsoleMakesAnAgentOnlineWhoGetsAWaitingTicketAndIdlingMakesThemAway() {
        long pia = newAgent("pia");
        String session = login(username(pia));
        assertThat(status(pia)).as("signed in, no console yet").isEqualTo("offline");
        long first = waitingTicket("en");
        app.app().assignment().assignWaiting();
        assertThat(assigneeOf(first)).as("nobody online").isNull();

        assertThat(beat(session, "console-pia-1", 0).get("status").asText()).isEqualTo("online");
        app.app().presence().check();
        app.app().assignment().assignWaiting();
        assertThat(assigneeOf(first)).isEqualTo(pia);

        clock.advance(Duration.ofMinutes(4));
        assertThat(beat(session, "console-pia-1", 240).get("status").asText()).as("4 minutes idle").isEqualTo("online");
        clock.advance(Duration.ofMinutes(2));
        assertThat(beat(session, "console-pia-1", 360).get("status").asText()).as("6 minutes idle").isEqualTo("away");
        assertThat(me(session).get("status").asText()).isEqualTo("away");
        long second = waitingTicket("en");
        app.app().presence().check();
        app.app().assignment().assignWaiting();
        assertThat(assigneeOf(second)).as("an idle agent gets nothing").isNull();

        clock.advance(Duration.ofSeconds(30));
        assertThat(beat(session, "console-pia-1", 0).get("status").asText()).as("back at the keyboard").isEqualTo("online");
        app.app().assignment().assignWaiting();
        assertThat(assigneeOf(second)).isEqualTo(pia);

        assertThat(app.sendBearer(session, "POST", "/api/v1/auth/logout", null).statusCode()).isEqualTo(204);
        assertThat(status(pia)).as("signed out").isEqualTo("offline");
        assertThat(audit(pia)).containsExactly("online (automatic: console in use)",
                "away (automatic: idle for 5 minutes)", "online (automatic: console in use)",
                "offline (automatic: signed out)");
    }

    @Test
    void whenTheLastConsoleClosesOrStopsBeatingTheAgentIsAway() {
        long ida = newAgent("ida");
        String laptop = login(username(ida));
        String phone = login(username(ida));
        beat(laptop, "console-ida-laptop", 0);
        beat(phone, "console-ida-phone", 0);
        assertThat(status(ida)).isEqualTo("online");

        assertThat(app.sendBearer(laptop, "DELETE", "/api/v1/agents/me/consoles/console-ida-laptop", null).statusCode())
                .isEqualTo(204);
        clock.advance(Duration.ofSeconds(20));
        app.app().presence().check();
        assertThat(status(ida)).as("the phone's console is still open").isEqualTo("online");

        // The phone's browser goes away without a word: its heartbeats stop.
        clock.advance(Duration.ofMinutes(3));
        app.app().presence().check();
        assertThat(status(ida)).isEqualTo("away");

        beat(phone, "console-ida-phone", 0);
        assertThat(status(ida)).isEqualTo("online");
        // Closing a page that comes back at once (a reload) changes nothing; one that stays closed makes them away.
        app.sendBearer(phone, "DELETE", "/api/v1/agents/me/consoles/console-ida-phone", null);
        app.app().presence().check();
        assertThat(status(ida)).isEqualTo("online");
        beat(phone, "console-ida-phone-2", 0);
        app.sendBearer(phone, "DELETE", "/api/v1/agents/me/consoles/console-ida-phone-2", null);
        clock.advance(Duration.ofSeconds(11));
        app.app().presence().check();
        assertThat(status(ida)).isEqualTo("away");

        // Signing out of one device leaves the agent as the other device's console says; the last one: offline.
        beat(laptop, "console-ida-laptop-2", 0);
        beat(phone, "console-ida-phone-3", 0);
        app.sendBearer(phone, "POST", "/api/v1/auth/logout", null);
        assertThat(status(ida)).isEqualTo("online");
        app.sendBearer(laptop, "POST", "/api/v1/auth/logout", null);
        assertThat(status(ida)).isEqualTo("offline");
        assertThat(audit(ida)).containsExactly("online (automatic: console in use)", "away (automatic: no console open)",
                "online (automatic: console in use)", "away (automatic: no console open)",
                "online (automatic: console in use)", "offline (automatic: signed out)");
    }

    @Test
    void awayOrOfflineChosenByHandStaysUntilTheAgentChangesItOrSignsInAgain() {
        long kai = newAgent("kai");
        String session = login(username(kai));
        beat(session, "console-kai-1", 0);
        assertThat(setStatus(session, "away")).isEqualTo("away");
        clock.advance(Duration.ofSeconds(30));
        assertThat(beat(session, "console-kai-1", 0).get("status").asText()).as("busy at the desk: still away")
                .isEqualTo("away");
        assertThat(setStatus(session, "offline")).isEqualTo("offline");
        clock.advance(Duration.ofSeconds(30));
        beat(session, "console-kai-1", 0);
        app.app().presence().check();
        assertThat(status(kai)).isEqualTo("offline");
        long ticket = waitingTicket("en");
        app.app().assignment().assignWaiting();
        assertThat(assigneeOf(ticket)).isNull();

        // Online by hand is online while the console is in use: idle, they are away like anyone.
        assertThat(setStatus(session, "online")).isEqualTo("online");
        app.app().assignment().assignWaiting();
        assertThat(assigneeOf(ticket)).isEqualTo(kai);
        clock.advance(Duration.ofMinutes(6));
        beat(session, "console-kai-1", 360);
        assertThat(status(kai)).isEqualTo("away");

        // A supervisor's choice counts as a choice by hand too.
        beat(session, "console-kai-1", 0);
        json(app.sendBearer(admin, "PATCH", "/api/v1/agents/" + kai, "{\"status\":\"away\"}"), 200);
        clock.advance(Duration.ofSeconds(30));
        beat(session, "console-kai-1", 0);
        app.app().presence().check();
        assertThat(status(kai)).isEqualTo("away");

        // The next sign-in to the console starts a new shift: online.
        String tomorrow = login(username(kai));
        clock.advance(Duration.ofSeconds(30));
        assertThat(beat(tomorrow, "console-kai-2", 0).get("status").asText()).isEqualTo("online");
        app.sendBearer(session, "POST", "/api/v1/auth/logout", null);
        app.sendBearer(tomorrow, "POST", "/api/v1/auth/logout", null);
        assertThat(status(kai)).isEqualTo("offline");
    }

    @Test
    void anAgentWhoWorksOverTheApiWithoutAConsoleKeepsTheStatusTheySet() {
        long api = newAgent("api");
        String session = login(username(api));
        assertThat(setStatus(session, "online")).isEqualTo("online");
        clock.advance(Duration.ofHours(1));
        app.app().presence().check();
        assertThat(status(api)).isEqualTo("online");
        assertThat(json(app.sendBearer(session, "PUT", "/api/v1/agents/me/consoles/x", "{\"idleSeconds\":0}"), 422)
                .get("details").findValuesAsText("field")).containsExactly("consoleId");
        assertThat(json(app.sendBearer(session, "PUT", "/api/v1/agents/me/consoles/console-api-1", "{}"), 422)
                .get("details").findValuesAsText("field")).containsExactly("idleSeconds");
        app.sendBearer(session, "POST", "/api/v1/auth/logout", null);
        assertThat(status(api)).isEqualTo("offline");
    }

    private long newAgent(String name) {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        return json(app.sendBearer(admin, "POST", "/api/v1/agents", "{\"username\":\"" + username + "\",\"password\":\""
                + PASSWORD + "\",\"languages\":[\"en\"]}"), 201).get("id").asLong();
    }

    private String login(String username) {
        return json(app.postJson("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD
                + "\"}"), 200).get("token").asText();
    }

    private JsonNode beat(String session, String console, long idleSeconds) {
        return json(app.sendBearer(session, "PUT", "/api/v1/agents/me/consoles/" + console,
                "{\"idleSeconds\":" + idleSeconds + "}"), 200);
    }

    private String setStatus(String session, String status) {
        return json(app.sendBearer(session, "PUT", "/api/v1/agents/me/status", "{\"status\":\"" + status + "\"}"), 200)
                .get("status").asText();
    }

    private JsonNode me(String session) {
        return json(app.sendBearer(session, "GET", "/api/v1/agents/me", null), 200);
    }

    private String username(long agent) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT username FROM agent WHERE id = :id").bind("id", agent)
                .mapTo(String.class).one());
    }

    private String status(long agent) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT status FROM agent WHERE id = :id").bind("id", agent)
                .mapTo(String.class).one());
    }

    private List<String> audit(long agent) {
        return app.jdbi().withHandle(h -> h.createQuery(
                "SELECT detail FROM audit_log WHERE agent_id = :id AND action = 'status' ORDER BY id").bind("id", agent)
                .mapTo(String.class).list());
    }

    private long waitingTicket(String locale) {
        // Each ticket is the oldest waiting, so the pass looks at it first.
        return app.jdbi().withHandle(h -> h.createUpdate("""
                INSERT INTO ticket (channel, address, locale, status, reason, summary, created_at, updated_at)
                VALUES ('sms', :address, :locale, 'new', 'asked_for_human', 'help', :at, :at)
                """).bind("address", "+1415555" + (1000 + (int) (Math.random() * 8999)))
                .bind("locale", locale).bind("at", Instant.parse("2026-11-19T00:00:00Z"))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private Long assigneeOf(long ticket) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT assignee_id FROM ticket WHERE id = :id")
                .bind("id", ticket).mapTo(Long.class).findOne().orElse(null));
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
