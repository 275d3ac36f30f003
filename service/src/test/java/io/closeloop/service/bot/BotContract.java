package io.closeloop.service.bot;

import io.closeloop.service.ticket.Tickets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.RecordingSender;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bot's turns over SMS, through Twilio-signed webhooks, with the demo FAQ and the language models:
 * confident answers, a numbered choice, two misses and then a person, an explicit request for a person in
 * English and Chinese, an angry message; and the tickets that result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BotContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String ACCOUNT = "AC" + "99998888777766665555444433332222";
    private static final String TOKEN = "bot-test-auth-token";
    private static final String OUR_NUMBER = "+15005550006";
    private static final String HOOK_SECRET = "breach-webhook-secret-0123";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final SmsConfig sms = new SmsConfig(true, "log", ACCOUNT, new SecretString(TOKEN), OUR_NUMBER, null, null, null);
    private final RecordingSender texts = new RecordingSender(io.closeloop.channels.Channel.SMS);
    private final List<String[]> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private com.sun.net.httpserver.HttpServer hookServer;
    private TestDatabase database;
    private TestApp app;
    private String adminToken;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() throws Exception {
        hookServer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hookServer.createContext("/hook", exchange -> {
            hooks.add(new String[] {exchange.getRequestHeaders().getFirst("X-Closeloop-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hookServer.start();
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(texts), Map.ofEntries(
                Map.entry("support.breachWebhook", "http://127.0.0.1:" + hookServer.getAddress().getPort() + "/hook"),
                Map.entry("support.breachWebhookSecret", HOOK_SECRET),
                Map.entry("sms.enabled", "true"), Map.entry("sms.sender", "log"), Map.entry("sms.accountSid", ACCOUNT),
                Map.entry("sms.authToken", TOKEN), Map.entry("sms.from", OUR_NUMBER), Map.entry("nlp.enabled", "true"),
                Map.entry("nlp.demoFaq", "true"), Map.entry("agents.initialAdminUser", "boss"),
                Map.entry("agents.initialAdminPassword", "boss-password-for-tests"),
                // The tests move the clock by days; a sign-in outlasts them.
                Map.entry("agents.sessionTtl", "3650 days")));
        adminToken = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"boss\",\"password\":\"boss-password-for-tests\"}"), 200).get("token").asText();
        assertThat(app.app().nlpModels().awaitReady(Duration.ofMinutes(3))).isTrue();
        for (int i = 0; i < 600 && !app.app().faq().trained(); i++) {
            Thread.sleep(100);
        }
        assertThat(app.app().faq().trained()).isTrue();
    }

    @AfterAll
    void stop() {
        if (hookServer != null) {
            hookServer.stop(0);
        }
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aCommonQuestionIsAnsweredAtOnceInTheCustomersLanguage() throws Exception {
        String phone = newPhone();
        assertThat(text(phone, "How long does standard delivery take?"))
                .isEqualTo(app.app().faq().answerOf("delivery_time", "en").orElseThrow());
        assertThat(text(newPhone(), "你们周日几点开门"))
                .isEqualTo(app.app().faq().answerOf("opening_hours", "zh-CN").orElseThrow());
        assertThat(tickets(phone)).isEmpty();
    }

    @Test
    void outOfScopeTwiceHandsTheConversationToAPersonAndTheBotFallsSilent() throws Exception {
        String phone = newPhone();
        assertThat(text(phone, "Can you recommend a good science fiction novel?"))
                .startsWith("Sorry, I am not sure I understood.");
        assertThat(text(phone, "What is the capital of Peru?"))
                .matches("I have passed this to our team; a person will reply here, "
                        + "(usually within [12] hours?|probably within [0-9]+ minutes)\\.");
        assertThat(text(phone, "Hello? Anyone there?")).as("waiting for a person: the bot says nothing").isEmpty();

        JsonNode ticket = onlyTicket(phone);
        assertThat(conversationState(phone)).isEqualTo("waiting_for_agent");
        assertThat(ticket.get("reason").asText()).isEqualTo("not_understood");
        assertThat(ticket.get("status").asText()).isEqualTo("new");
        JsonNode full = json(agent("GET", "/api/v1/tickets/" + ticket.get("id").asLong(), null), 200);
        assertThat(full.get("transcript").findValuesAsText("body")).containsExactly(
                "Can you recommend a good science fiction novel?", "What is the capital of Peru?", "Hello? Anyone there?");
    }

    @Test
    void theFaqsOwnQuestionsAreAnsweredNotHandedToAPerson() throws Exception {
        List<String[]> questions = new java.util.ArrayList<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                getClass().getResourceAsStream("/demo/faq.csv"), java.nio.charset.StandardCharsets.UTF_8))) {
            reader.lines().skip(1).forEach(line -> {
                String[] fields = line.split(",", 4);
                questions.add(new String[] {fields[0], fields[2]});
            });
        }
        List<String> handedOver = new java.util.ArrayList<>();
        // Every fourth question of the demo FAQ, each from a new number: a plain question, however the sentiment
        // model scores it, is for the bot.
        for (int i = 0; i < questions.size(); i += 4) {
            String reply = text(newPhone(), questions.get(i)[1]);
            if (reply.startsWith("I have passed this") || reply.startsWith("已为您转接")) {
                handedOver.add(questions.get(i)[1]);
            }
        }
        assertThat(handedOver).isEmpty();
    }

    @Test
    void aReplyWithoutWordsIsAnsweredInTheLanguageOfTheConversation() throws Exception {
        String phone = newPhone();
        assertThat(text(phone, "请给我推荐一本科幻小说")).startsWith("抱歉");
        assertThat(text(phone, "？？")).as("'？？' says nothing of its language; the conversation is Chinese")
                .startsWith("已为您转接人工客服");
    }

    @Test
    void askingForAPersonWorksInBothLanguages() throws Exception {
        String english = newPhone();
        assertThat(text(english, "I want to talk to a real person")).startsWith("I have passed this to our team");
        assertThat(onlyTicket(english).get("reason").asText()).isEqualTo("asked_for_human");
        String chinese = newPhone();
        assertThat(text(chinese, "转人工")).startsWith("已为您转接人工客服").containsPattern("[0-9]+(小时|分钟)内");
        assertThat(onlyTicket(chinese).get("locale").asText()).isEqualTo("zh-CN");
    }

    @Test
    void anAngryMessageGoesStraightToAPerson() throws Exception {
        String phone = newPhone();
        assertThat(text(phone, "This is terrible, the worst service ever. I am furious!"))
                .startsWith("I have passed this to our team");
        assertThat(onlyTicket(phone).get("reason").asText()).isEqualTo("complaint");
        String hurt = newPhone();
        assertThat(text(hurt, "You ruined my birthday")).as("no complaint word, no FAQ question, but negative")
                .startsWith("I have passed this to our team");
        assertThat(onlyTicket(hurt).get("reason").asText()).isEqualTo("negative_sentiment");
        String angryChinese = newPhone();
        assertThat(text(angryChinese, "我非常生气，东西坏了也没人管")).startsWith("已为您转接人工客服");
        assertThat(onlyTicket(angryChinese).get("priority").asInt()).isEqualTo(Tickets.HIGH);
    }

    @Test
    void twoCloseIntentsBecomeANumberedChoiceThatAnsweredByNumber() throws Exception {
        String phone = newPhone();
        String question = null;
        String reply = null;
        // Questions that sit between refunds and returns; the first one the matcher finds ambiguous is used.
        for (String candidate : List.of("refund or return?", "return refund", "money back return",
                "I want to return it and get a refund", "return and refund")) {
            String attempt = text(newPhone(), candidate);
            if (attempt.startsWith("Which do you mean?")) {
                question = candidate;
                break;
            }
        }
        assertThat(question).as("one of the candidates is ambiguous").isNotNull();
        reply = text(phone, question);
        assertThat(reply).startsWith("Which do you mean? Reply with the number:").contains("\n1. ").contains("\n2. ");
        String answer = text(phone, "2");
        assertThat(answer).isNotBlank().doesNotStartWith("Which do you mean").doesNotStartWith("Sorry");
        assertThat(List.of(app.app().faq().answerOf("refunds", "en").orElseThrow(),
                app.app().faq().answerOf("returns", "en").orElseThrow(),
                app.app().faq().answerOf("damaged_item", "en").orElseThrow(),
                app.app().faq().answerOf("cancel_order", "en").orElseThrow())).contains(answer);
    }

    @Test
    void aSurveyDetractorGetsATicketOncePerCustomer() throws Exception {
        String order = "order-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        JsonNode accepted = json(app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"" + order + "\","
                + "\"customer\":{\"externalId\":\"" + order + "-c\",\"email\":\"bo@example.com\",\"locale\":\"en\"},"
                + "\"channel\":\"web\",\"purchasedAt\":\"2026-11-19T10:00:00Z\",\"deliveredAt\":\"2026-11-19T15:00:00Z\"}"), 202);
        String url = accepted.get("surveyUrl").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        clock.set(java.time.Instant.parse("2026-11-20T15:00:00Z"));
        app.runScheduler();
        long before = json(agent("GET", "/api/v1/tickets?status=new", null), 200).get("tickets").size();
        clock.advance(Duration.ofSeconds(5));
        json(app.postJson("/api/v1/surveys/" + token + "/answers", "{\"questionId\":\"q1\",\"value\":1}"), 200);
        clock.advance(Duration.ofSeconds(5));
        json(app.postJson("/api/v1/surveys/" + token + "/answers", "{\"questionId\":\"q2\",\"value\":2}"), 200);
        JsonNode tickets = json(agent("GET", "/api/v1/tickets?status=new", null), 200).get("tickets");
        assertThat(tickets.size()).as("CSAT 1 and NPS 2 of one customer: one ticket").isEqualTo(before + 1);
        JsonNode ticket = null;
        for (JsonNode t : tickets) {
            if (ticket == null || t.get("id").asLong() > ticket.get("id").asLong()) {
                ticket = t;
            }
        }
        assertThat(ticket.get("reason").asText()).isEqualTo("detractor");
        assertThat(ticket.get("summary").asText()).isEqualTo("CSAT 1");
        assertThat(ticket.get("channel").asText()).isEqualTo("web");
    }

    @Test
    void badTicketQueriesGetClearErrors() {
        assertThat(json(agent("GET", "/api/v1/tickets?status=bogus", null), 422).get("details").findValuesAsText("field"))
                .containsExactly("status");
        assertThat(json(agent("GET", "/api/v1/tickets/999999", null), 404).get("code").asText()).isEqualTo("ticket_not_found");
        assertThat(json(agent("GET", "/api/v1/tickets/abc", null), 404).get("code").asText()).isEqualTo("ticket_not_found");
        assertThat(json(app.get("/api/v1/tickets"), 401).get("code").asText()).isEqualTo("not_signed_in");
        assertThat(app.getWithKey("/api/v1/tickets").statusCode()).as("an integration key is no agent").isEqualTo(401);
    }

    @Test
    void theLoopClosesAnAgentAnswersOnTheCustomersChannelResolvesAndTheCustomerSaysWhetherItIsSolved() throws Exception {
        String phone = newPhone();
        assertThat(text(phone, "I need to speak to a person about my order")).startsWith("I have passed this to our team");
        long id = onlyTicket(phone).get("id").asLong();

        String other = json(agent("POST", "/api/v1/agents", "{\"username\":\"ann-" + id + "\","
                + "\"password\":\"ann-password-long\"}"), 201).get("username").asText();
        String annToken = json(app.postJson("/api/v1/auth/login", "{\"username\":\"" + other
                + "\",\"password\":\"ann-password-long\"}"), 200).get("token").asText();
        assertThat(json(agent("POST", "/api/v1/tickets/" + id + "/claim", null), 200).get("status").asText()).isEqualTo("open");
        assertThat(json(as(annToken, "POST", "/api/v1/tickets/" + id + "/claim", null), 409).get("code").asText())
                .isEqualTo("ticket_taken");

        // Handed to Ann and back: a transfer needs an agent who is not offline.
        String annId = json(as(annToken, "GET", "/api/v1/agents/me", null), 200).get("id").asText();
        assertThat(json(agent("POST", "/api/v1/tickets/" + id + "/transfer", "{\"agentId\":" + annId + "}"), 409)
                .get("code").asText()).isEqualTo("agent_offline");
        json(as(annToken, "PUT", "/api/v1/agents/me/status", "{\"status\":\"online\"}"), 200);
        assertThat(json(agent("POST", "/api/v1/tickets/" + id + "/transfer", "{\"agentId\":" + annId + "}"), 200)
                .get("assigneeId").asText()).isEqualTo(annId);
        JsonNode loads = json(agent("GET", "/api/v1/agents", null), 200);
        assertThat(loads.findValuesAsText("username")).contains(other);
        assertThat(json(as(annToken, "GET", "/api/v1/agents", null), 403).get("code").asText()).isEqualTo("forbidden");
        json(agent("PUT", "/api/v1/agents/me/status", "{\"status\":\"online\"}"), 200);
        assertThat(json(as(annToken, "POST", "/api/v1/tickets/" + id + "/transfer", "{\"agentId\":"
                + json(agent("GET", "/api/v1/agents/me", null), 200).get("id").asText() + "}"), 200)
                .get("assigneeId").asText()).isNotEqualTo(annId);

        JsonNode reply = json(agent("POST", "/api/v1/tickets/" + id + "/reply",
                "{\"text\":\"Your parcel left our warehouse today; it arrives tomorrow.\"}"), 200);
        assertThat(reply.get("delivery").asText()).isEqualTo("queued");
        json(agent("POST", "/api/v1/tickets/" + id + "/note", "{\"text\":\"Checked with the courier.\"}"), 200);
        deliverTexts();
        assertThat(texts.to(phone)).containsExactly("Your parcel left our warehouse today; it arrives tomorrow.");
        JsonNode afterReply = json(agent("GET", "/api/v1/tickets/" + id, null), 200);
        assertThat(afterReply.get("messages").get(0).get("delivery").asText()).as("the channel took it").isEqualTo("sent");
        assertThat(afterReply.get("ticket").get("status").asText()).isEqualTo("pending_customer");
        assertThat(afterReply.get("ticket").get("firstResponseAt").isNull()).isFalse();
        assertThat(afterReply.get("messages").findValuesAsText("kind")).containsExactly("reply", "note");

        assertThat(conversationState(phone)).isEqualTo("with_agent");
        assertThat(text(phone, "Thanks! Which courier is it?")).as("the bot stays out of it").isEmpty();
        assertThat(json(agent("GET", "/api/v1/tickets/" + id, null), 200).get("ticket").get("status").asText())
                .isEqualTo("open");

        assertThat(json(agent("POST", "/api/v1/tickets/" + id + "/resolve", null), 200).get("status").asText())
                .isEqualTo("resolved");
        deliverTexts();
        assertThat(texts.to(phone)).last().isEqualTo("Did we solve your problem? Reply 1-5 (5 = completely).");
        assertThat(text(phone, "1")).startsWith("Sorry we did not solve it. We have reopened your request");
        JsonNode reopened = json(agent("GET", "/api/v1/tickets/" + id, null), 200).get("ticket");
        assertThat(reopened.get("status").asText()).isEqualTo("open");
        assertThat(reopened.get("followupScore").asInt()).isEqualTo(1);

        json(agent("POST", "/api/v1/tickets/" + id + "/resolve", null), 200);
        assertThat(text(phone, "５")).as("read by the survey parser").isEqualTo("Thank you for letting us know!");
        JsonNode done = json(agent("GET", "/api/v1/tickets/" + id, null), 200).get("ticket");
        assertThat(done.get("status").asText()).as("the customer confirmed: closed").isEqualTo("closed");
        assertThat(done.get("followupScore").asInt()).isEqualTo(5);
        assertThat(text(phone, "How long does standard delivery take?")).as("back with the bot")
                .isEqualTo(app.app().faq().answerOf("delivery_time", "en").orElseThrow());
        assertThat(json(agent("POST", "/api/v1/tickets/" + id + "/reply", "{\"text\":\"\"}"), 422)
                .get("details").findValuesAsText("field")).containsExactly("text");
    }

    @Test
    void aMissedFirstResponseIsABreachOnceWithASignedWebhookAndTheFiguresShowIt() throws Exception {
        String phone = newPhone();
        text(phone, "agent please");
        long id = onlyTicket(phone).get("id").asLong();
        app.app().sla().check();
        JsonNode fresh = json(agent("GET", "/api/v1/tickets/" + id, null), 200).get("ticket");
        assertThat(java.time.Duration.between(java.time.Instant.parse(fresh.get("createdAt").asText()),
                java.time.Instant.parse(fresh.get("firstResponseDue").asText()))).isEqualTo(Duration.ofHours(2));

        clock.advance(Duration.ofHours(3));
        app.app().sla().check();
        app.app().sla().check();
        List<String[]> mine = hooks.stream().filter(h -> h[1].contains("\"ticketId\":" + id + ",")).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0)[1]).contains("\"sla\":\"first_response\"");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(HOOK_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(mine.get(0)[0]).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(
                mac.doFinal(mine.get(0)[1].getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        JsonNode breached = json(agent("GET", "/api/v1/tickets/" + id, null), 200).get("ticket");
        assertThat(breached.get("firstResponseBreached").asBoolean()).isTrue();
        assertThat(fresh.get("priority").asInt()).as("asked for a person: normal").isEqualTo(1);
        assertThat(breached.get("priority").asInt()).as("+1 at half the first-response time, +1 at the breach")
                .isEqualTo(3);

        JsonNode figures = json(app.getWithKey("/api/v1/metrics/support?from=2026-01-01&to=2027-12-31"), 200);
        assertThat(figures.get("tickets").asLong()).isPositive();
        assertThat(figures.get("handoffReasons").get("asked_for_human").asLong()).isPositive();
        assertThat(figures.get("firstResponseSla").get("due").asLong()).isPositive();
        assertThat(figures.get("firstResponseSla").get("met").asLong())
                .isLessThan(figures.get("firstResponseSla").get("due").asLong());
        assertThat(figures.get("backlog").asLong()).isPositive();
        assertThat(figures.get("botContainment").asDouble()).isBetween(0.0, 1.0);
    }

    private String conversationState(String phone) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT state FROM conversation WHERE channel = 'sms' AND address = :a")
                .bind("a", phone).mapTo(String.class).one());
    }

    private void deliverTexts() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(2));
            app.app().outbox().runOnce();
        }
    }

    private HttpResponse<String> agent(String method, String path, String body) {
        return as(adminToken, method, path, body);
    }

    private HttpResponse<String> as(String token, String method, String path, String body) {
        return app.sendBearer(token, method, path, body);
    }

    private String text(String phone, String body) throws Exception {
        clock.advance(Duration.ofSeconds(30));
        List<String> replies = TextCommand.send(app.uri("/"), URI.create("http://localhost:8080"), sms, phone, body);
        return replies.isEmpty() ? "" : String.join("\n", replies);
    }

    private List<JsonNode> tickets(String phone) {
        JsonNode all = json(agent("GET", "/api/v1/tickets", null), 200).get("tickets");
        List<JsonNode> mine = new java.util.ArrayList<>();
        all.forEach(t -> {
            if (t.get("address").asText().equals(phone)) {
                mine.add(t);
            }
        });
        return mine;
    }

    private JsonNode onlyTicket(String phone) {
        List<JsonNode> mine = tickets(phone);
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    private static String newPhone() {
        return "+1415" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
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
