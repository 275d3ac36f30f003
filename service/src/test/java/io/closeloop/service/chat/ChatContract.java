package io.closeloop.service.chat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chat panel's API over real HTTP: signed visitor sessions, the bot's answers, idempotent retries, a handoff
 * to a person whose reply and follow-up reach the panel, and clear errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChatContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String TOKEN = "X-Closeloop-Chat-Token";

    private final MutableClock clock = MutableClock.at("2026-11-23T02:00:00Z");
    private TestDatabase database;
    private TestApp app;
    private String admin;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "chat.enabled", "true", "chat.secret", "chat-test-secret-0123456789abcdefghij",
                "chat.sessionTtl", "30 days", "nlp.enabled", "true", "nlp.demoFaq", "true",
                "agents.initialAdminUser", "chief", "agents.initialAdminPassword", "chief-password-for-tests",
                "agents.sessionTtl", "3650 days"));
        admin = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"chief\",\"password\":\"chief-password-for-tests\"}"), 200).get("token").asText();
        for (int i = 0; i < 600 && !app.app().faq().trained(); i++) {
            Thread.sleep(100);
        }
        assertThat(app.app().faq().trained()).isTrue();
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
    void aVisitorAsksAndTheBotAnswersOnceHoweverOftenTheMessageIsRetried() {
        String token = session();
        String id = UUID.randomUUID().toString();
        JsonNode first = json(send(token, id, "How long does delivery take?"), 200).get("messages");
        assertThat(authors(first)).containsExactly("customer", "bot");
        assertThat(first.get(1).get("body").asText()).isEqualTo(app.app().faq().answerOf("delivery_time", "en").orElseThrow());
        JsonNode again = json(send(token, id, "How long does delivery take?"), 200).get("messages");
        assertThat(again).isEqualTo(first);
        assertThat(json(since(token, 0), 200).get("messages")).hasSize(2);

        // Another visitor with the same message id is another conversation.
        String other = session();
        JsonNode theirs = json(send(other, id, "你们几点开门"), 200).get("messages");
        assertThat(theirs.get(1).get("body").asText()).isEqualTo(app.app().faq().answerOf("opening_hours", "zh-CN").orElseThrow());
        assertThat(json(since(token, 0), 200).get("messages")).as("nothing of the other visitor's").hasSize(2);
    }

    @Test
    void aPersonTakesOverAnswersInThePanelAndTheVisitorClosesTheLoop() {
        String token = session();
        JsonNode handoff = json(send(token, "m1", "I want to talk to a real person"), 200).get("messages");
        assertThat(handoff.get(1).get("body").asText()).startsWith("I have passed this to our team; a person will reply here");
        JsonNode silent = json(send(token, "m2", "My order 4411 never came"), 200).get("messages");
        assertThat(authors(silent)).as("the bot stays out while a person has it").containsExactly("customer");
        long last = silent.get(0).get("id").asLong();

        JsonNode ticket = null;
        for (JsonNode t : json(agent("GET", "/api/v1/tickets?status=active", null), 200).get("tickets")) {
            if (t.get("channel").asText().equals("chat") && (ticket == null || t.get("id").asLong() > ticket.get("id").asLong())) {
                ticket = t;
            }
        }
        assertThat(ticket).isNotNull();
        long id = ticket.get("id").asLong();
        JsonNode view = json(agent("GET", "/api/v1/tickets/" + id, null), 200);
        assertThat(view.get("transcript").findValuesAsText("body")).containsExactly("I want to talk to a real person",
                "My order 4411 never came");
        JsonNode reply = json(agent("POST", "/api/v1/tickets/" + id + "/reply", "{\"text\":\"Hi, I'm Ann. Let me check 4411.\"}"), 200);
        assertThat(reply.get("delivery").asText()).isEqualTo("sent");
        JsonNode fromAgent = json(since(token, last), 200).get("messages");
        assertThat(authors(fromAgent)).containsExactly("agent");
        assertThat(fromAgent.get(0).get("body").asText()).isEqualTo("Hi, I'm Ann. Let me check 4411.");

        json(agent("POST", "/api/v1/tickets/" + id + "/resolve", null), 200);
        JsonNode question = json(since(token, fromAgent.get(0).get("id").asLong()), 200).get("messages");
        assertThat(question.get(0).get("body").asText()).isEqualTo("Did we solve your problem? Reply 1-5 (5 = completely).");
        JsonNode thanks = json(send(token, "m3", "5"), 200).get("messages");
        assertThat(thanks.get(1).get("body").asText()).isEqualTo("Thank you for letting us know!");
        assertThat(json(agent("GET", "/api/v1/tickets/" + id, null), 200).get("ticket").get("status").asText()).isEqualTo("closed");
    }

    @Test
    void aMissingForgedOrExpiredSessionIsRefusedAndBadMessagesAreNamed() {
        assertThat(json(app.get("/api/v1/chat/messages?since=0"), 401).get("code").asText()).isEqualTo("chat_session_invalid");
        String token = session();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(43);
        assertThat(json(since(forged, 0), 401).get("code").asText()).isEqualTo("chat_session_invalid");
        String otherVisitor = session();
        String spliced = otherVisitor.substring(0, otherVisitor.indexOf('.')) + token.substring(token.indexOf('.'));
        assertThat(json(since(spliced, 0), 401).get("code").asText()).as("a signature is for one visitor").isEqualTo("chat_session_invalid");

        JsonNode bad = json(send(token, "no spaces allowed!", ""), 422);
        assertThat(bad.get("details").findValuesAsText("field")).containsExactlyInAnyOrder("clientMessageId", "text");
        assertThat(json(send(token, "x1", "a".repeat(1601)), 422).get("details").findValuesAsText("field")).containsExactly("text");
        assertThat(json(app.send(HttpRequest.newBuilder(app.uri("/api/v1/chat/messages")).header(TOKEN, token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\":")).build()), 400)
                .get("code").asText()).isEqualTo("malformed_json");

        clock.advance(Duration.ofDays(31));
        assertThat(json(since(token, 0), 401).get("code").asText()).as("expired after 30 days").isEqualTo("chat_session_invalid");
    }

    private String session() {
        return json(app.postJson("/api/v1/chat/sessions", "{}"), 200).get("token").asText();
    }

    private HttpResponse<String> send(String token, String clientMessageId, String text) {
        clock.advance(Duration.ofSeconds(5));
        String body = JSON.createObjectNode().put("clientMessageId", clientMessageId).put("text", text).toString();
        return app.send(HttpRequest.newBuilder(app.uri("/api/v1/chat/messages")).header(TOKEN, token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> since(String token, long since) {
        return app.send(HttpRequest.newBuilder(app.uri("/api/v1/chat/messages?since=" + since)).header(TOKEN, token).GET().build());
    }

    private HttpResponse<String> agent(String method, String path, String body) {
        return app.sendBearer(admin, method, path, body);
    }

    private static List<String> authors(JsonNode messages) {
        List<String> authors = new ArrayList<>();
        messages.forEach(m -> authors.add(m.get("author").asText()));
        return authors;
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
