package io.closeloop.service.ticket;

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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules around handoffs and tickets, with business hours in Shanghai (Monday to Friday, 09:00-18:00): what
 * the customer is told about the wait, due times in working hours, complaints and recent detractors going to a
 * person, topics routed to agents with that skill, priority from severity and customer value, the queues, the
 * cross-channel ticket view, and the waiting raise and closing of tickets. Each test has a week of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SupportRulesContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String ACCOUNT = "AC" + "11112222333344445555666677778888";
    private static final String TOKEN = "rules-test-auth-token";
    private static final String OUR_NUMBER = "+15005550006";

    private final MutableClock clock = MutableClock.at("2026-11-16T02:00:00Z");
    private final SmsConfig sms = new SmsConfig(true, "log", ACCOUNT, new SecretString(TOKEN), OUR_NUMBER, null, null, null);
    private final RecordingSender texts = new RecordingSender(io.closeloop.channels.Channel.SMS);
    private LocalDate monday = LocalDate.parse("2026-11-16");
    private TestDatabase database;
    private TestApp app;
    private String admin;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(texts), Map.ofEntries(
                Map.entry("sms.enabled", "true"), Map.entry("sms.sender", "log"), Map.entry("sms.accountSid", ACCOUNT),
                Map.entry("sms.authToken", TOKEN), Map.entry("sms.from", OUR_NUMBER), Map.entry("nlp.enabled", "true"),
                Map.entry("support.businessHours.timeZone", "Asia/Shanghai"),
                Map.entry("support.businessHours.open", "09:00"), Map.entry("support.businessHours.close", "18:00"),
                Map.entry("agents.initialAdminUser", "lead"), Map.entry("agents.initialAdminPassword", "lead-password-for-tests"),
                Map.entry("agents.sessionTtl", "3650 days")));
        admin = login("lead", "lead-password-for-tests");
        assertThat(app.app().nlpModels().awaitReady(Duration.ofMinutes(3))).isTrue();
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

    @BeforeEach
    void nextWeek() {
        monday = monday.plusWeeks(1);
        clock.set(at(DayOfWeek.MONDAY, "08:00"));
    }

    @Test
    void outsideBusinessHoursTheCustomerIsToldWhenWeOpenAndTheDueTimesCountWorkingHours() throws Exception {
        clock.set(at(DayOfWeek.SATURDAY, "12:00"));
        String chinese = newPhone();
        assertThat(text(chinese, "转人工"))
                .isEqualTo("已为您转接人工客服，同事会在这里回复您，我们星期一 09:00（Asia/Shanghai）上班后会尽快回复。");
        String english = newPhone();
        assertThat(text(english, "Can I talk to a person please"))
                .isEqualTo("I have passed this to our team; a person will reply here, once we open on Monday 09:00 (Asia/Shanghai).");

        JsonNode ticket = onlyTicket(english);
        assertThat(Instant.parse(ticket.get("firstResponseDue").asText()))
                .as("two working hours from Monday 09:00").isEqualTo(at(DayOfWeek.MONDAY, "11:00").plus(Duration.ofDays(7)));
        assertThat(Instant.parse(ticket.get("resolutionDue").asText()))
                .as("24 working hours: Monday 9, Tuesday 9, Wednesday 6").isEqualTo(at(DayOfWeek.WEDNESDAY, "15:00").plus(Duration.ofDays(7)));
    }

    @Test
    void aComplaintGoesToAPersonWithItsTopicAndAnAgentWithThatSkillTakesIt() throws Exception {
        clock.set(at(DayOfWeek.TUESDAY, "10:00"));
        long courier = createAgent("courier-" + monday, List.of("delivery"));
        long refunds = createAgent("refunds-" + monday, List.of("refund"));
        String phone = newPhone();
        assertThat(text(phone, "My parcel is a week late. This is unacceptable."))
                .startsWith("I have passed this to our team; a person will reply here, ")
                .as("in business hours, agents online: a time, not an opening hour").doesNotContain("once we open");
        JsonNode ticket = onlyTicket(phone);
        assertThat(ticket.get("reason").asText()).isIn("complaint", "negative_sentiment");
        assertThat(ticket.get("topic").asText()).isEqualTo("delivery");
        assertThat(ticket.get("priority").asInt()).as("a complaint is urgent").isEqualTo(Tickets.HIGH);

        // A complaint the sentiment model may find neutral is still a complaint.
        String polite = newPhone();
        assertThat(text(polite, "How do I file a complaint?")).startsWith("I have passed this to our team");
        assertThat(onlyTicket(polite).get("reason").asText()).isIn("complaint", "negative_sentiment");

        app.app().assignment().assignWaiting();
        assertThat(ticketById(ticket.get("id").asLong()).get("ticket").get("assigneeId").asLong())
                .as("the agent whose skill is delivery").isEqualTo(courier);
        JsonNode refundAgentsTickets = json(agent("GET", "/api/v1/tickets?assignee=" + refunds, null), 200).get("tickets");
        refundAgentsTickets.forEach(t -> assertThat(t.get("topic").asText()).isIn("refund", "general"));

        // The courier sends it back to the queue: the next pass does not hand it straight back to them.
        json(agent("POST", "/api/v1/tickets/" + ticket.get("id").asLong() + "/transfer", "{}"), 200);
        app.app().assignment().assignWaiting();
        assertThat(ticketById(ticket.get("id").asLong()).get("ticket").get("assigneeId").isNull())
                .as("nobody else handles delivery: it waits").isTrue();
    }

    @Test
    void aRecentDetractorWhoWritesIsHandedToAPersonAndTheTicketShowsEveryChannel() throws Exception {
        clock.set(at(DayOfWeek.WEDNESDAY, "10:00"));
        String phone = newPhone();
        String token = purchase(phone, 800);
        answer(token, "q2", 5);
        JsonNode ticket = onlyTicket(phone, "web");
        assertThat(ticket.get("reason").asText()).isEqualTo("detractor");
        assertThat(ticket.get("priority").asInt()).as("NPS 5 is normal, plus one for a customer who spent 800").isEqualTo(2);

        clock.advance(Duration.ofHours(1));
        assertThat(text(phone, "How long does delivery take?"))
                .as("a detractor of this week goes to a person, not to the FAQ")
                .startsWith("I have passed this to our team");
        assertThat(text(phone, "Hello?")).as("and the bot stays out of it").isEmpty();
        JsonNode view = ticketById(ticket.get("id").asLong());
        assertThat(view.get("ticket").get("id").asLong()).as("the same ticket: one per customer").isEqualTo(ticket.get("id").asLong());
        assertThat(view.get("customer").get("addresses").findValuesAsText("address")).contains(phone);
        assertThat(view.get("customer").get("purchases").get("purchases").asLong()).isEqualTo(1);
        assertThat(view.get("transcript").findValuesAsText("body")).containsExactly("How long does delivery take?", "Hello?");
        assertThat(view.get("transcript").findValuesAsText("channel")).containsOnly("sms");
        JsonNode answer = view.get("surveyAnswers").get(0);
        assertThat(answer.get("questionType").asText()).isEqualTo("nps");
        assertThat(answer.get("score").asInt()).isEqualTo(5);

        String cheaper = newPhone();
        answer(purchase(cheaper, 20), "q2", 5);
        assertThat(onlyTicket(cheaper, "web").get("priority").asInt()).as("the same answer from a small first order").isEqualTo(1);

        // The survey came as a web link; the agent's answer goes to the customer's phone.
        JsonNode reply = json(agent("POST", "/api/v1/tickets/" + ticket.get("id").asLong() + "/reply",
                "{\"text\":\"Sorry about your order; a new one is on its way.\"}"), 200);
        assertThat(reply.get("sentVia").asText()).isEqualTo("sms");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(2));
            app.app().outbox().runOnce();
        }
        assertThat(texts.to(phone)).contains("Sorry about your order; a new one is on its way.");
        assertThat(text(phone, "Thank you!")).as("their answer joins the ticket").isEmpty();
        assertThat(ticketById(ticket.get("id").asLong()).get("ticket").get("status").asText()).isEqualTo("open");

        String order = "order-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        String url = json(app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"" + order + "\",\"customer\":{\"externalId\":\""
                + order + "-c\",\"email\":\"no-phone@example.com\",\"locale\":\"en\"},\"channel\":\"web\",\"purchasedAt\":\""
                + clock.instant().minus(Duration.ofDays(2)) + "\"}"), 202).get("surveyUrl").asText();
        answer(url.substring(url.lastIndexOf('/') + 1), "q1", 1);
        long unreachable = json(agent("GET", "/api/v1/tickets?status=new", null), 200).get("tickets").get(0).get("id").asLong();
        assertThat(json(agent("POST", "/api/v1/tickets/" + unreachable + "/reply", "{\"text\":\"Hello\"}"), 409)
                .get("code").asText()).isEqualTo("no_reply_channel");
    }

    @Test
    void queuesFiltersAndWhoMaySeeThem() throws Exception {
        clock.set(at(DayOfWeek.THURSDAY, "10:00"));
        String phone = newPhone();
        text(phone, "The courier left my package in the rain, I want to complain");
        JsonNode delivery = json(agent("GET", "/api/v1/tickets?queue=en/delivery&status=active", null), 200).get("tickets");
        assertThat(delivery.findValuesAsText("address")).contains(phone);
        delivery.forEach(t -> {
            assertThat(t.get("topic").asText()).isEqualTo("delivery");
            assertThat(t.get("locale").asText()).startsWith("en");
        });
        assertThat(json(agent("GET", "/api/v1/tickets?queue=refund&language=zh", null), 200).get("tickets")
                .findValuesAsText("address")).doesNotContain(phone);
        json(agent("GET", "/api/v1/tickets?assignee=none&status=active", null), 200).get("tickets")
                .forEach(t -> assertThat(t.get("assigneeId").isNull()).isTrue());

        List<String> queues = new ArrayList<>();
        json(agent("GET", "/api/v1/tickets/queues", null), 200).get("queues")
                .forEach(q -> queues.add(q.get("locale").asText() + "/" + q.get("topic").asText()));
        assertThat(queues).contains("en/delivery");
        assertThat(json(agent("GET", "/api/v1/tickets?queue=en/delivery", null), 200).get("tickets").size())
                .as("a queue row's locale/topic works as the list's filter").isPositive();
        String chinese = newPhone();
        text(chinese, "我要找人工客服");
        assertThat(json(agent("GET", "/api/v1/tickets?queue=zh-CN/general", null), 200).get("tickets")
                .findValuesAsText("address")).contains(chinese);
        assertThat(json(agent("GET", "/api/v1/tickets?language=zh", null), 200).get("tickets")
                .findValuesAsText("address")).contains(chinese).doesNotContain(phone);

        createAgent("plain-" + monday, List.of());
        String plain = login("plain-" + monday, "plain-agent-password");
        assertThat(json(as(plain, "GET", "/api/v1/tickets/queues", null), 403).get("code").asText()).isEqualTo("forbidden");
        JsonNode bad = json(agent("GET", "/api/v1/tickets?queue=Not%20A%20Queue&language=english&assignee=x", null), 422);
        assertThat(bad.get("details").findValuesAsText("field")).containsExactlyInAnyOrder("queue", "language", "assignee");
    }

    @Test
    void supervisorsChangeAnAgentsSkillsCapacityAndStatusAndOnlyAdminsTheRole() {
        long id = createAgent("skills-" + monday, List.of());
        String plain = login("skills-" + monday, "plain-agent-password");
        JsonNode changed = json(agent("PATCH", "/api/v1/agents/" + id,
                "{\"topics\":[\"refund\",\"delivery\"],\"languages\":[\"zh-CN\"],\"capacity\":8,\"status\":\"online\","
                        + "\"role\":\"supervisor\"}"), 200);
        List<String> topics = new ArrayList<>();
        changed.get("topics").forEach(t -> topics.add(t.asText()));
        assertThat(topics).containsExactly("refund", "delivery");
        assertThat(changed.get("languages").get(0).asText()).isEqualTo("zh-CN");
        assertThat(changed.get("capacity").asInt()).isEqualTo(8);
        assertThat(changed.get("role").asText()).isEqualTo("supervisor");
        JsonNode me = json(as(plain, "GET", "/api/v1/agents/me", null), 200);
        assertThat(me.get("status").asText()).isEqualTo("online");

        long other = createAgent("other-" + monday, List.of());
        assertThat(json(as(plain, "PATCH", "/api/v1/agents/" + other, "{\"role\":\"admin\"}"), 422)
                .get("details").findValuesAsText("field")).containsExactly("role");
        String agentOnly = login("other-" + monday, "plain-agent-password");
        assertThat(json(as(agentOnly, "PATCH", "/api/v1/agents/" + id, "{\"capacity\":50}"), 403).get("code").asText())
                .isEqualTo("forbidden");
        JsonNode invalid = json(agent("PATCH", "/api/v1/agents/" + other,
                "{\"capacity\":0,\"topics\":[\"Bad Topic\"],\"status\":\"asleep\",\"languages\":[]}"), 422);
        assertThat(invalid.get("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("capacity", "topics", "status", "languages");
        assertThat(json(agent("PATCH", "/api/v1/agents/999999", "{}"), 404).get("code").asText()).isEqualTo("agent_not_found");
    }

    @Test
    void anUnansweredTicketRisesAtHalfItsFirstResponseTimeAndAResolvedOneClosesAfterAWeek() throws Exception {
        clock.set(at(DayOfWeek.FRIDAY, "10:00"));
        String phone = newPhone();
        text(phone, "agent");
        long id = onlyTicket(phone).get("id").asLong();
        app.app().sla().check();
        assertThat(ticketById(id).get("ticket").get("priority").asInt()).isEqualTo(Tickets.NORMAL);
        clock.advance(Duration.ofMinutes(61));
        app.app().sla().check();
        app.app().sla().check();
        assertThat(ticketById(id).get("ticket").get("priority").asInt()).as("raised once").isEqualTo(Tickets.NORMAL + 1);

        json(agent("POST", "/api/v1/tickets/" + id + "/resolve", null), 200);
        clock.advance(Duration.ofDays(6));
        app.app().sla().check();
        assertThat(ticketById(id).get("ticket").get("status").asText()).isEqualTo("resolved");
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        app.app().sla().check();
        JsonNode closed = ticketById(id).get("ticket");
        assertThat(closed.get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("closedAt").isNull()).isFalse();
        assertThat(json(agent("POST", "/api/v1/tickets/" + id + "/reopen", null), 200).get("status").asText())
                .as("a closed ticket can still be reopened").isEqualTo("open");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private Instant at(DayOfWeek day, String time) {
        return ZonedDateTime.of(monday.plusDays(day.getValue() - 1), LocalTime.parse(time), SHANGHAI).toInstant();
    }

    private long createAgent(String username, List<String> topics) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + (topics.isEmpty() ? "plain-agent-password"
                : username + "-password") + "\",\"languages\":[\"en\"],\"capacity\":20,\"topics\":"
                + JSON.valueToTree(topics) + "}";
        JsonNode created = json(agent("POST", "/api/v1/agents", body), 201);
        if (!topics.isEmpty()) {
            String token = login(username, username + "-password");
            json(as(token, "PUT", "/api/v1/agents/me/status", "{\"status\":\"online\"}"), 200);
        }
        return created.get("id").asLong();
    }

    private String purchase(String phone, int amount) {
        String order = "order-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
        JsonNode accepted = json(app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"" + order + "\","
                + "\"customer\":{\"externalId\":\"" + order + "-c\",\"phone\":\"" + phone + "\",\"locale\":\"en\"},"
                + "\"channel\":\"web\",\"amount\":" + amount + ",\"currency\":\"USD\",\"purchasedAt\":\""
                + clock.instant().minus(Duration.ofDays(2)) + "\",\"deliveredAt\":\"" + clock.instant().minus(Duration.ofDays(1))
                + "\"}"), 202);
        String url = accepted.get("surveyUrl").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private void answer(String token, String question, int value) {
        json(app.postJson("/api/v1/surveys/" + token + "/answers", "{\"questionId\":\"" + question + "\",\"value\":" + value + "}"), 200);
    }

    private String login(String username, String password) {
        return json(app.postJson("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"), 200)
                .get("token").asText();
    }

    private JsonNode ticketById(long id) {
        return json(agent("GET", "/api/v1/tickets/" + id, null), 200);
    }

    private JsonNode onlyTicket(String address) {
        return onlyTicket(address, "sms");
    }

    /** The one ticket of the customer with this phone number, found by its address or by the customer's. */
    private JsonNode onlyTicket(String phone, String channel) {
        List<JsonNode> mine = new ArrayList<>();
        json(agent("GET", "/api/v1/tickets", null), 200).get("tickets").forEach(t -> {
            boolean match = channel.equals("sms") ? t.get("address").asText().equals(phone)
                    : t.get("channel").asText().equals(channel)
                    && ticketById(t.get("id").asLong()).get("customer").findValuesAsText("address").contains(phone);
            if (match) {
                mine.add(t);
            }
        });
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    private String text(String phone, String body) throws Exception {
        clock.advance(Duration.ofSeconds(30));
        List<String> replies = TextCommand.send(app.uri("/"), URI.create("http://localhost:8080"), sms, phone, body);
        return replies.isEmpty() ? "" : String.join("\n", replies);
    }

    private HttpResponse<String> agent(String method, String path, String body) {
        return as(admin, method, path, body);
    }

    private HttpResponse<String> as(String token, String method, String path, String body) {
        return app.sendBearer(token, method, path, body);
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
