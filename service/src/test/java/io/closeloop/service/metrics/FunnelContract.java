package io.closeloop.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.channels.Channel;
import io.closeloop.channels.SendResult;
import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.channels.testing.FakeTwilioApi;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.RecordingSender;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The response funnel through the API, with web, SMS and WeChat invitations left at every stage their channel
 * records: web links created, opened before they were "sent", answered; texts queued, refused by Twilio, sent,
 * reported delivered, answered; WeChat messages refused, sent, answered through their link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FunnelContract {

    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String ACCOUNT = "AC" + "99998888777766665555444433332222";
    private static final String TOKEN = "funnel-auth-token";
    private static final String OUR_NUMBER = "+15005550006";
    private static final String PUBLIC_STATUS_URL = "http://localhost:8080/webhooks/twilio/status";

    /** 10:00 in Shanghai, outside quiet hours. */
    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final RecordingSender wechat = new RecordingSender(Channel.WECHAT);
    private final String store = "funnel-" + UUID.randomUUID().toString().substring(0, 8);
    private FakeTwilioApi twilio;
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        twilio = new FakeTwilioApi(ACCOUNT, TOKEN);
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(wechat), Map.of(
                "sms.enabled", "true", "sms.sender", "twilio", "sms.accountSid", ACCOUNT, "sms.authToken", TOKEN,
                "sms.from", OUR_NUMBER, "sms.apiBaseUrl", twilio.baseUri().toString()));
        leaveInvitationsAtEveryStage();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
        if (twilio != null) {
            twilio.close();
        }
    }

    private void leaveInvitationsAtEveryStage() {
        // Refused by their channels: a text Twilio rejects, a WeChat message the API refuses.
        purchase("sms", true);
        purchase("wechat", true);
        wechat.script(SendResult.permanent("40003", "invalid openid"));
        app.runScheduler();
        twilio.failNext(400, 21211, "The 'To' number is not a valid phone number.");
        runOutbox(1);

        String smsSent = purchase("sms", true);
        String smsDelivered = purchase("sms", true);
        String smsStarted = purchase("sms", true);
        String smsCompleted = purchase("sms", true);
        purchase("wechat", true);
        String wechatStarted = purchase("wechat", true);
        String wechatCompleted = purchase("wechat", true);
        purchase("sms", false);
        purchase("wechat", false);
        purchase("web", false);
        String webOpened = purchase("web", false);
        String webStarted = purchase("web", true);
        String webCustomer = "cust-" + UUID.randomUUID();
        String webCompleted = purchase("web", true, webCustomer);
        // The same customer again within the frequency cap: suppressed, outside the funnel's stages.
        assertThat(purchase("web", true, webCustomer)).isNull();
        app.runScheduler();
        runOutbox(6);
        assertThat(twilio.messages()).hasSize(4);

        // Due and queued, not yet taken by the outbound queue.
        purchase("sms", true);
        app.runScheduler();

        // Twilio's delivery reports: one delivered, one only sent.
        assertThat(status(sid(smsDelivered), "delivered").statusCode()).isEqualTo(204);
        assertThat(status(sid(smsSent), "sent").statusCode()).isEqualTo(204);

        // The shop showed a web link before the survey's send time: opened before it was "sent".
        assertThat(app.get("/api/v1/surveys/" + webOpened).statusCode()).isEqualTo(200);
        for (String token : List.of(webStarted, smsStarted, wechatStarted)) {
            answer(token, "q1", "4");
        }
        for (String token : List.of(webCompleted, smsCompleted, wechatCompleted)) {
            answer(token, "q1", "5");
            answer(token, "q2", "10");
            assertThat(json(answer(token, "q3", "\"Great\"")).get("state").asText()).isEqualTo("completed");
        }
    }

    @Test
    void eachChannelHasItsOwnStagesAndNoStageIsLargerThanTheOneBefore() {
        JsonNode summary = json(app.getWithKey("/api/v1/metrics/summary?from=2026-11-01&to=2026-11-30&store=" + store));
        JsonNode byChannel = summary.get("byChannel");
        assertThat(byChannel.findValuesAsText("channel")).containsExactly("sms", "web", "wechat");

        JsonNode sms = byChannel.get(0);
        assertThat(stages(sms)).containsExactly("created 7", "queued 6", "sent 4", "delivered 3", "started 2",
                "completed 1");
        assertThat(sms.get("suppressed").asLong()).isZero();
        assertThat(rate(sms.get("responseRate"))).isEqualTo("50.0 = 2 started / 4 sent");
        assertThat(rate(sms.get("completionRate"))).isEqualTo("25.0 = 1 completed / 4 sent");
        assertThat(sms.get("stages").get(3).get("ofPrevious").toString())
                .isEqualTo("{\"percent\":75.0,\"numerator\":3,\"denominator\":4}");

        JsonNode web = byChannel.get(1);
        assertThat(stages(web)).containsExactly("created 4", "opened 3", "started 2", "completed 1");
        assertThat(web.get("suppressed").asLong()).isEqualTo(1);
        assertThat(rate(web.get("responseRate"))).isEqualTo("50.0 = 2 started / 4 created");
        assertThat(rate(web.get("completionRate"))).isEqualTo("25.0 = 1 completed / 4 created");

        // WeChat reports no delivery: its stages leave it out rather than guess.
        JsonNode wechatFunnel = byChannel.get(2);
        assertThat(stages(wechatFunnel)).containsExactly("created 5", "queued 4", "sent 3", "started 2", "completed 1");
        assertThat(rate(wechatFunnel.get("responseRate"))).isEqualTo("66.7 = 2 started / 3 sent");

        // All channels: only the stages every channel has, with "out" counting each channel's own stage.
        JsonNode total = summary.get("funnel");
        assertThat(total.get("channel").asText()).isEqualTo("all");
        assertThat(stages(total)).containsExactly("created 16", "out 11", "started 6", "completed 3");
        assertThat(total.get("stages").get(1).get("channelStages").toString())
                .isEqualTo("{\"sms\":\"sent\",\"web\":\"created\",\"wechat\":\"sent\"}");
        assertThat(total.get("suppressed").asLong()).isEqualTo(1);
        assertThat(rate(total.get("responseRate"))).isEqualTo("54.5 = 6 started / 11 out");
        assertThat(rate(total.get("completionRate"))).isEqualTo("27.3 = 3 completed / 11 out");

        List<JsonNode> funnels = new ArrayList<>(List.of(total));
        byChannel.forEach(funnels::add);
        for (JsonNode funnel : funnels) {
            JsonNode stages = funnel.get("stages");
            assertThat(stages.get(0).has("ofPrevious")).isFalse();
            for (int i = 1; i < stages.size(); i++) {
                long count = stages.get(i).get("count").asLong();
                long previous = stages.get(i - 1).get("count").asLong();
                assertThat(count).as("%s %s", funnel.get("channel"), stages.get(i).get("stage")).isLessThanOrEqualTo(previous);
                assertThat(stages.get(i).get("ofPrevious").get("numerator").asLong()).isEqualTo(count);
                assertThat(stages.get(i).get("ofPrevious").get("denominator").asLong()).isEqualTo(previous);
            }
        }
    }

    @Test
    void aChannelFilterAndAnEmptyPeriodSayWhatTheirRatesAreOf() {
        JsonNode sms = json(app.getWithKey("/api/v1/metrics/summary?from=2026-11-01&to=2026-11-30&channel=sms&store=" + store));
        assertThat(sms.get("byChannel").findValuesAsText("channel")).containsExactly("sms");
        assertThat(stages(sms.get("funnel"))).containsExactly("created 7", "out 4", "started 2", "completed 1");

        JsonNode empty = json(app.getWithKey("/api/v1/metrics/summary?from=2026-10-01&to=2026-10-31&store=" + store));
        assertThat(empty.get("byChannel")).isEmpty();
        assertThat(stages(empty.get("funnel"))).containsExactly("created 0", "out 0", "started 0", "completed 0");
        assertThat(empty.get("funnel").get("responseRate").toString()).isEqualTo(
                "{\"percent\":null,\"numerator\":0,\"denominator\":0,\"numeratorStage\":\"started\",\"denominatorStage\":\"out\"}");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private String purchase(String channel, boolean dueNow) {
        return purchase(channel, dueNow, "cust-" + UUID.randomUUID());
    }

    /** A purchase whose survey is due now (bought 25 hours ago) or tomorrow; returns the survey token. */
    private String purchase(String channel, boolean dueNow, String customer) {
        String address = switch (channel) {
            case "sms" -> ",\"phone\":\"+86139" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000) + "\"";
            case "wechat" -> ",\"wechatOpenId\":\"o" + UUID.randomUUID().toString().replace("-", "") + "\"";
            default -> "";
        };
        Instant purchasedAt = clock.instant().minus(dueNow ? Duration.ofHours(25) : Duration.ofHours(1));
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"o-" + UUID.randomUUID()
                + "\",\"channel\":\"" + channel + "\",\"store\":\"" + store + "\",\"customer\":{\"externalId\":\"" + customer
                + "\",\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"" + address + "},\"purchasedAt\":\"" + purchasedAt + "\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isIn(200, 202);
        JsonNode body = json(accepted);
        return body.get("surveyUrl").isNull() ? null
                : body.get("surveyUrl").asText().substring(body.get("surveyUrl").asText().lastIndexOf('/') + 1);
    }

    /** The outbound queue sends one text per second from our number. */
    private void runOutbox(int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            app.app().outbox().runOnce();
        }
    }

    private String sid(String token) {
        String to = app.jdbi().withHandle(h -> h.createQuery("SELECT address FROM survey_invitation WHERE token = :t")
                .bind("t", token).mapTo(String.class).one());
        return twilio.messagesTo(to).get(0).sid();
    }

    private HttpResponse<String> answer(String token, String question, String value) {
        HttpResponse<String> response = app.postJson("/api/v1/surveys/" + token + "/answers",
                "{\"questionId\":\"" + question + "\",\"value\":" + value + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> status(String sid, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", ACCOUNT);
        form.put("From", OUR_NUMBER);
        Map<String, List<String>> params = form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/twilio/status"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", new TwilioSignature(TOKEN).sign(PUBLIC_STATUS_URL, params))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<String> stages(JsonNode funnel) {
        List<String> stages = new ArrayList<>();
        funnel.get("stages").forEach(s -> stages.add(s.get("stage").asText() + " " + s.get("count").asLong()));
        return stages;
    }

    private static String rate(JsonNode rate) {
        return rate.get("percent").asText() + " = " + rate.get("numerator").asLong() + " " + rate.get("numeratorStage").asText()
                + " / " + rate.get("denominator").asLong() + " " + rate.get("denominatorStage").asText();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
