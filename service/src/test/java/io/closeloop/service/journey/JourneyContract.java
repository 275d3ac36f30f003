package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.RecordingSender;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The post-purchase survey journey through real HTTP against the whole service; run on H2 and on MariaDB.
 * Each test uses its own store, customers and orders, so tests share one running service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JourneyContract {

    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final RecordingSender sender = new RecordingSender();
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(sender), Map.of());
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
    void morningInShanghai() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
    }

    // --- purchases --------------------------------------------------------------------------------------

    @Test
    void aPurchaseSchedulesASurveyAndARepeatChangesNothing() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String order = unique("order");
        String customer = unique("cust");
        String body = purchase(order, customer, "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\",\"phone\":\"+8613800138000\"",
                "2026-11-19T08:00:00+08:00", "2026-11-20T09:30:00+08:00", unique("store"));
        HttpResponse<String> first = app.postJsonWithKey("/api/v1/purchases", body);
        assertThat(first.statusCode()).isEqualTo(202);
        JsonNode invitation = json(first);
        assertThat(invitation.get("status").asText()).isEqualTo("scheduled");
        // Delivered 09:30 Shanghai time; the survey goes out 24 hours later, 09:30 local = 01:30Z.
        assertThat(invitation.get("sendAt").asText()).isEqualTo("2026-11-21T01:30:00Z");
        assertThat(invitation.get("surveyUrl").asText()).matches("http://localhost:8080/s/[A-Za-z0-9_-]{32}");

        HttpResponse<String> again = app.postJsonWithKey("/api/v1/purchases", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(invitation);
        assertThat(count("SELECT COUNT(*) FROM purchase WHERE order_id = '" + order + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM survey_invitation i JOIN purchase p ON p.id = i.purchase_id WHERE p.order_id = '" + order + "'")).isEqualTo(1);
    }

    @Test
    void oneCustomerKeepsEveryAddressItWasGiven() {
        String customer = unique("cust");
        app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), customer, "\"phone\":\"+14155550123\"",
                "2026-11-19T10:00:00Z", null, unique("store")));
        app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), customer,
                "\"wechatOpenId\":\"oF3PcsnsrMiJzEwalZZbAfWQpxCI\"", "2026-11-19T11:00:00Z", null, unique("store")));
        long customerId = app.jdbi().withExtension(CustomerDao.class, dao -> dao.findByExternalId(customer)).orElseThrow().id();
        List<String> addresses = app.jdbi().withExtension(CustomerDao.class, dao -> dao.addresses(customerId));
        assertThat(addresses)
                .containsExactly("sms:+14155550123", "wechat:oF3PcsnsrMiJzEwalZZbAfWQpxCI");
    }

    @Test
    void concurrentDeliveriesOfOnePurchaseMakeOneInvitation() throws Exception {
        String body = purchase(unique("order"), unique("cust"), "\"locale\":\"en\"", "2026-11-19T10:00:00Z", null, unique("store"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(pool.submit(() -> {
                go.await();
                return app.postJsonWithKey("/api/v1/purchases", body);
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        Set<String> invitations = new HashSet<>();
        for (Future<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get(30, TimeUnit.SECONDS);
            statuses.add(r.statusCode());
            invitations.add(json(r).get("invitationId").asText());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 202).filteredOn(s -> s == 202).hasSize(1);
        assertThat(invitations).hasSize(1);
    }

    @Test
    void badPurchasesAreRefusedWithEveryProblemAndNothingIsStored() {
        long before = count("SELECT COUNT(*) FROM purchase");
        HttpResponse<String> response = app.postJsonWithKey("/api/v1/purchases", """
                {"orderId": "", "customer": {"externalId": "c1", "phone": "13800138000", "locale": "klingon",
                 "timeZone": "Mars/Olympus"}, "purchasedAt": "20.11.2026", "channel": "pigeon"}""");
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode error = json(response);
        assertThat(error.get("code").asText()).isEqualTo("invalid_request");
        assertThat(error.get("details").findValuesAsText("field")).containsExactly(
                "orderId", "customer.phone", "customer.locale", "customer.timeZone", "channel", "purchasedAt");
        HttpResponse<String> missing = app.postJsonWithKey("/api/v1/purchases", "{\"orderId\": \"x-1\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(json(missing).get("details").findValuesAsText("field")).containsExactly("customer", "purchasedAt");
        HttpResponse<String> wrongType = app.postJsonWithKey("/api/v1/purchases", "{\"orderId\": \"x-2\", \"products\": 5}");
        assertThat(wrongType.statusCode()).isEqualTo(422);
        assertThat(json(wrongType).get("details").get(0).get("field").asText()).isEqualTo("products");
        HttpResponse<String> future = app.postJsonWithKey("/api/v1/purchases", purchase(unique("o"), unique("c"), "\"locale\":\"en\"",
                "2027-01-01T00:00:00Z", null, null));
        assertThat(json(future).get("details").get(0).get("field").asText()).isEqualTo("purchasedAt");
        HttpResponse<String> smsWithoutPhone = app.postJsonWithKey("/api/v1/purchases",
                purchase(unique("o"), unique("c"), "\"locale\":\"en\"", "2026-11-19T00:00:00Z", null, null)
                        .replace("\"purchasedAt\"", "\"channel\":\"web\",\"amount\":\"12.50\",\"purchasedAt\""));
        assertThat(json(smsWithoutPhone).get("details").findValuesAsText("field")).containsExactly("currency");
        assertThat(count("SELECT COUNT(*) FROM purchase")).isEqualTo(before);
    }

    @Test
    void transportErrorsAreJsonWithTheRightStatus() {
        HttpResponse<String> notJson = app.postJsonWithKey("/api/v1/purchases", "{\"orderId\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("code").asText()).isEqualTo("malformed_json");

        HttpResponse<String> wrongType = app.send(HttpRequest.newBuilder(app.uri("/api/v1/purchases"))
                .header("Authorization", "Bearer " + TestApp.API_KEY).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("order 1")).build());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(json(wrongType).get("code").asText()).isEqualTo("unsupported_media_type");

        String huge = "{\"orderId\": \"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> tooLarge = app.postJsonWithKey("/api/v1/purchases", huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("code").asText()).isEqualTo("payload_too_large");
        // Without Content-Length (chunked), the limit holds while reading.
        HttpResponse<String> chunked = app.send(HttpRequest.newBuilder(app.uri("/api/v1/purchases"))
                .header("Authorization", "Bearer " + TestApp.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build());
        assertThat(chunked.statusCode()).isEqualTo(413);
        // The client is still sending when the limit is reached: it must read the 413, not a reset connection.
        for (int i = 0; i < 20; i++) {
            assertThat(app.send(HttpRequest.newBuilder(app.uri("/api/v1/purchases"))
                    .header("Authorization", "Bearer " + TestApp.API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                            new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build()).statusCode())
                    .isEqualTo(413);
            assertThat(app.postJsonWithKey("/api/v1/purchases", huge).statusCode()).isEqualTo(413);
        }

        HttpResponse<String> nowhere = app.get("/api/v1/nothing-here");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(json(nowhere).get("code").asText()).isEqualTo("not_found");
        HttpResponse<String> wrongMethod = app.send(HttpRequest.newBuilder(app.uri("/api/v1/purchases"))
                .header("Authorization", "Bearer " + TestApp.API_KEY).DELETE().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        for (HttpResponse<String> r : List.of(notJson, wrongType, tooLarge, chunked, nowhere, wrongMethod)) {
            assertThat(r.body()).doesNotContain("at io.").doesNotContain("Exception");
            assertThat(json(r).has("message")).isTrue();
            assertThat(json(r).get("details").isArray()).isTrue();
        }
    }

    @Test
    void integrationEndpointsNeedTheApiKeyAndSurveysNeedOnlyTheirToken() {
        String body = purchase(unique("order"), unique("cust"), "\"locale\":\"en\"", "2026-11-19T10:00:00Z", null, unique("s"));
        HttpResponse<String> noKey = app.postJson("/api/v1/purchases", body);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).get("code").asText()).isEqualTo("missing_api_key");
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> wrongKey = app.send(HttpRequest.newBuilder(app.uri("/api/v1/metrics/summary"))
                .header("Authorization", "Bearer not-the-key-0000000000").GET().build());
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(app.get("/api/v1/responses").statusCode()).isEqualTo(401);
        assertThat(app.get("/api/v1/survey-templates/default").statusCode()).isEqualTo(401);

        String token = token(app.postJsonWithKey("/api/v1/purchases", body));
        assertThat(app.get("/api/v1/surveys/" + token).statusCode()).isEqualTo(200);
        assertThat(app.get("/s/" + token).statusCode()).isEqualTo(200);
    }

    // --- the survey ---------------------------------------------------------------------------------------

    @Test
    void aDetractorAnswersTheWholeSurveyAndTheFiguresShowIt() throws Exception {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String store = unique("store");
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"name\":\"Ann\",\"locale\":\"en-GB\",\"timeZone\":\"Europe/London\"", "2026-11-19T10:00:00Z",
                "2026-11-19T15:00:00Z", store));
        String invitationId = json(accepted).get("invitationId").asText();
        String token = token(accepted);

        // Not before its time...
        clock.set(Instant.parse("2026-11-20T14:59:00Z"));
        app.runScheduler();
        assertThat(sender.sentFor(invitationId)).isEmpty();
        // ...then exactly once.
        clock.set(Instant.parse("2026-11-20T15:00:00Z"));
        app.runScheduler();
        app.runScheduler();
        List<OutboundMessage> sent = sender.sentFor(invitationId);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).text()).startsWith("Hi Ann!").contains(json(accepted).get("surveyUrl").asText());
        assertThat(sent.get(0).link()).isPresent();

        clock.advance(Duration.ofMinutes(5));
        JsonNode survey = json(app.get("/api/v1/surveys/" + token));
        assertThat(survey.get("state").asText()).isEqualTo("open");
        assertThat(survey.get("locale").asText()).isEqualTo("en");
        assertThat(survey.get("questions").findValuesAsText("type")).containsExactly("csat", "nps", "text");
        assertThat(survey.get("questions").get(0).get("text").asText()).isEqualTo("How satisfied are you with your order?");
        assertThat(survey.get("nextQuestionId").asText()).isEqualTo("q1");
        assertThat(survey.get("texts").get("next").asText()).isEqualTo("Next");

        clock.advance(Duration.ofSeconds(4));
        JsonNode afterQ1 = json(answer(token, "q1", "2", null));
        assertThat(afterQ1.get("state").asText()).isEqualTo("open");
        assertThat(afterQ1.get("nextQuestion").get("id").asText()).isEqualTo("q2");
        clock.advance(Duration.ofSeconds(3));
        JsonNode afterQ2 = json(answer(token, "q2", "3", 2800L));
        assertThat(afterQ2.get("nextQuestion").get("text").asText()).isEqualTo("Sorry to hear that. What went wrong?");
        assertThat(afterQ2.get("followUp").asBoolean()).isTrue();

        // Partial responses count: the funnel shows the first answer before the survey is complete.
        JsonNode partial = json(app.getWithKey("/api/v1/metrics/summary?from=2026-11-19&to=2026-11-20&store=" + store));
        assertThat(stage(partial.get("funnel"), "started")).isEqualTo(1);
        assertThat(stage(partial.get("funnel"), "completed")).isZero();

        clock.advance(Duration.ofSeconds(20));
        JsonNode done = json(answer(token, "q3", "\"The box was crushed, 盒子压坏了 📦\"", null));
        assertThat(done.get("state").asText()).isEqualTo("completed");
        assertThat(done.get("nextQuestion").isNull()).isTrue();
        assertThat(done.get("answered").asInt()).isEqualTo(3);

        HttpResponse<String> tooLate = answer(token, "q1", "5", null);
        assertThat(tooLate.statusCode()).isEqualTo(409);
        assertThat(json(tooLate).get("code").asText()).isEqualTo("survey_completed");

        JsonNode finished = json(app.get("/api/v1/surveys/" + token));
        assertThat(finished.get("state").asText()).isEqualTo("completed");
        assertThat(finished.get("answers").get("q1").asInt()).isEqualTo(2);
        assertThat(finished.get("answers").get("q3").asText()).isEqualTo("The box was crushed, 盒子压坏了 📦");
        List<Long> durations = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT duration_ms FROM survey_answer WHERE invitation_id = :id ORDER BY question_id")
                .bind("id", invitationId).mapTo(Long.class).list());
        assertThat(durations).containsExactly(4000L, 2800L, 20000L);

        JsonNode summary = json(app.getWithKey("/api/v1/metrics/summary?from=2026-11-19&to=2026-11-20&store=" + store));
        assertThat(summary.get("nps").get("score").asDouble()).isEqualTo(-100.0);
        assertThat(summary.get("nps").get("n").asLong()).isEqualTo(1);
        assertThat(summary.get("csat").get("score").asDouble()).isEqualTo(0.0);
        assertThat(summary.get("ces").get("n").asLong()).isZero();
        JsonNode web = summary.get("byChannel").get(0);
        assertThat(web.get("channel").asText()).isEqualTo("web");
        assertThat(web.get("stages").findValuesAsText("stage")).containsExactly("created", "opened", "started", "completed");
        assertThat(web.get("stages").findValuesAsText("count")).containsExactly("1", "1", "1", "1");
        assertThat(web.get("responseRate").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(web.get("completionRate").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(summary.get("funnel").get("stages").findValuesAsText("count")).containsExactly("1", "1", "1", "1");
    }

    @Test
    void answersAreCheckedAndErrorsSpeakTheCustomersLanguage() {
        String token = token(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"zh-CN\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T10:00:00Z", null, unique("store"))));
        HttpResponse<String> outOfRange = answer(token, "q2", "11", null);
        assertThat(outOfRange.statusCode()).isEqualTo(422);
        assertThat(json(outOfRange).get("message").asText()).isEqualTo("请选择 0 到 10 之间的数字。");
        assertThat(answer(token, "q1", "\"four\"", null).statusCode()).isEqualTo(422);
        assertThat(answer(token, "q1", "4.5", null).statusCode()).isEqualTo(422);
        assertThat(answer(token, "q9", "4", null).statusCode()).isEqualTo(422);
        assertThat(answer(token, "q1", "4", -5L).statusCode()).isEqualTo(422);
        HttpResponse<String> tooLong = answer(token, "q3", JSON.valueToTree("字".repeat(1001)).toString(), null);
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(json(tooLong).get("message").asText()).contains("1000");
        assertThat(answer(token, "q3", JSON.valueToTree("字".repeat(1000)).toString(), null).statusCode()).isEqualTo(200);
        // A skipped question is answered, but counts in no figure.
        assertThat(answer(token, "q2", "null", null).statusCode()).isEqualTo(200);
        // Until the survey is complete an answer may change.
        assertThat(json(answer(token, "q1", "\"4\"", null)).get("state").asText()).isEqualTo("completed");

        JsonNode view = json(app.get("/api/v1/surveys/" + token));
        assertThat(view.get("questions").get(0).get("text").asText()).isEqualTo("您对这次订单满意吗？");
        assertThat(view.get("questions").get(0).get("lowLabel").asText()).isEqualTo("非常不满意");
        assertThat(view.get("answers").get("q2").isNull()).isTrue();
        assertThat(view.get("texts").get("next").asText()).isEqualTo("下一题");

        HttpResponse<String> unknown = app.get("/api/v1/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("survey_not_found");
        assertThat(app.postJson("/api/v1/surveys/nonsense/answers", "{\"questionId\":\"q1\",\"value\":3}").statusCode()).isEqualTo(404);
        assertThat(app.get("/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnfinishedSurveyGetsOneReminderAndThenExpires() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T02:00:00Z", null, unique("store")));
        String id = json(accepted).get("invitationId").asText();
        String token = token(accepted);
        app.runScheduler(); // due now: 10:00 in Shanghai
        assertThat(sender.sentFor(id)).hasSize(1);
        answer(token, "q1", "5", null);

        clock.advance(Duration.ofHours(23));
        app.runScheduler();
        assertThat(sender.sentFor(id)).hasSize(1);
        clock.advance(Duration.ofHours(1));
        app.runScheduler();
        app.runScheduler();
        assertThat(sender.sentFor(id)).hasSize(2);
        assertThat(sender.sentFor(id).get(1).text()).startsWith("A gentle reminder").contains(token);
        assertThat(sender.sentFor(id).get(1).idempotencyKey()).isEqualTo(id + ":reminder");

        clock.advance(Duration.ofHours(48));
        HttpResponse<String> late = answer(token, "q2", "9", null);
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(json(late).get("code").asText()).isEqualTo("survey_expired");
        assertThat(json(app.get("/api/v1/surveys/" + token)).get("state").asText()).isEqualTo("expired");
        app.runScheduler();
        assertThat(status(id)).isEqualTo("expired");
        assertThat(sender.sentFor(id)).hasSize(2);
    }

    @Test
    void aCompletedSurveyGetsNoReminder() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T02:00:00Z", null, unique("store")));
        String id = json(accepted).get("invitationId").asText();
        String token = token(accepted);
        app.runScheduler();
        answer(token, "q1", "5", null);
        answer(token, "q2", "10", null);
        answer(token, "q3", "null", null);
        clock.advance(Duration.ofHours(30));
        app.runScheduler();
        assertThat(sender.sentFor(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("completed");
    }

    @Test
    void nothingIsSentInTheCustomersQuietHours() {
        // Delivered 22:15 in Shanghai: the survey would be due at 22:15 the next evening, so it waits until 09:00.
        clock.set(Instant.parse("2026-11-20T14:20:00Z"));
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"zh-CN\",\"timeZone\":\"Asia/Shanghai\",\"name\":\"李雷\"", "2026-11-20T20:00:00+08:00",
                "2026-11-20T22:15:00+08:00", unique("store")));
        assertThat(json(accepted).get("sendAt").asText()).isEqualTo("2026-11-22T01:00:00Z");
        String id = json(accepted).get("invitationId").asText();
        clock.set(Instant.parse("2026-11-21T14:15:00Z"));
        app.runScheduler();
        assertThat(sender.sentFor(id)).isEmpty();
        clock.set(Instant.parse("2026-11-22T01:00:00Z"));
        app.runScheduler();
        assertThat(sender.sentFor(id)).singleElement().satisfies(m -> assertThat(m.text()).startsWith("李雷，您好！"));
    }

    @Test
    void oneSurveyPerCustomerPerThirtyDaysAcrossChannels() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String customer = unique("cust");
        String store = unique("store");
        assertThat(json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), customer, "\"locale\":\"en\"",
                "2026-11-19T10:00:00Z", null, store))).get("status").asText()).isEqualTo("scheduled");
        JsonNode second = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), customer,
                "\"wechatOpenId\":\"oABCDEFGHIJ0123456789abcdef\"", "2026-11-19T12:00:00Z", null, store)));
        assertThat(second.get("status").asText()).isEqualTo("suppressed");
        assertThat(second.get("reason").asText()).isEqualTo("frequency_cap");
        assertThat(second.get("sendAt").isNull()).isTrue();
        assertThat(second.get("surveyUrl").isNull()).isTrue();

        clock.set(Instant.parse("2026-12-22T02:00:00Z"));
        assertThat(json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), customer, "\"locale\":\"en\"",
                "2026-12-21T10:00:00Z", null, store))).get("status").asText()).isEqualTo("scheduled");
        JsonNode summary = json(app.getWithKey("/api/v1/metrics/summary?from=2026-11-01&to=2026-12-31&store=" + store));
        assertThat(stage(summary.get("funnel"), "created")).isEqualTo(2);
        assertThat(summary.get("funnel").get("suppressed").asLong()).isEqualTo(1);
    }

    @Test
    void anOptedOutCustomerIsNotSurveyedEvenWhenTheOptOutCameAfterScheduling() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String phone = "+86139" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        JsonNode before = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"phone\":\"" + phone + "\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T01:00:00Z", null, unique("store"))));
        assertThat(before.get("status").asText()).isEqualTo("scheduled");
        app.jdbi().useTransaction(h -> h.attach(CustomerDao.class).recordConsent("sms", phone, true, "sms:STOP", clock.instant()));
        app.runScheduler();
        String id = before.get("invitationId").asText();
        assertThat(sender.sentFor(id)).isEmpty();
        assertThat(status(id)).isEqualTo("suppressed");

        JsonNode after = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"phone\":\"" + phone + "\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T01:00:00Z", null, unique("store"))));
        assertThat(after.get("status").asText()).isEqualTo("suppressed");
        assertThat(after.get("reason").asText()).isEqualTo("opted_out");
    }

    @Test
    void aFailedSendIsRetriedLaterAndAPermanentFailureIsRecorded() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        app.runScheduler(); // nothing else due before the script
        String retried = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T01:00:00Z", null, unique("store")))).get("invitationId").asText();
        sender.script(SendResult.retryable("timeout", "no answer in 10 s"));
        app.runScheduler();
        assertThat(sender.sentFor(retried)).isEmpty();
        assertThat(status(retried)).isEqualTo("scheduled");
        app.runScheduler();
        assertThat(sender.sentFor(retried)).isEmpty(); // backing off
        clock.advance(Duration.ofSeconds(31));
        app.runScheduler();
        assertThat(sender.sentFor(retried)).hasSize(1);
        assertThat(status(retried)).isEqualTo("sent");

        String refused = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T01:00:00Z", null, unique("store")))).get("invitationId").asText();
        sender.script(SendResult.permanent("invalid_address", "no such recipient"));
        app.runScheduler();
        assertThat(status(refused)).isEqualTo("failed");
        String lastError = app.jdbi().withHandle(h -> h.createQuery("SELECT last_error FROM survey_invitation WHERE id = :id")
                .bind("id", refused).mapTo(String.class).one());
        assertThat(lastError).isEqualTo("invalid_address: no such recipient");
    }

    @Test
    void aWorkerThatDiesAfterItsClaimLosesNothing() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        app.runScheduler();
        String id = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T01:00:00Z", null, unique("store")))).get("invitationId").asText();
        // Another instance claims the row and dies before sending.
        app.jdbi().useExtension(io.closeloop.service.survey.SurveyDao.class,
                dao -> dao.claimForSending(id, 0, "crashed-worker", clock.instant(), clock.instant().plusSeconds(300)));
        app.runScheduler();
        assertThat(sender.sentFor(id)).isEmpty();
        clock.advance(Duration.ofSeconds(301));
        app.runScheduler();
        // The web link cannot be asked whether the first attempt arrived: the invitation counts as sent, once.
        assertThat(status(id)).isEqualTo("sent");
        assertThat(count("SELECT send_attempts FROM survey_invitation WHERE id = '" + id + "'")).isEqualTo(2);
        // The link itself is never lost: the shop got it in the purchase's answer.
    }

    @Test
    void aWorkerThatDiesMidSendDoesNotSendTheInvitationAgain() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        app.runScheduler();
        String id = json(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\",\"timeZone\":\"Asia/Shanghai\"", "2026-11-19T01:00:00Z", null, unique("store")))).get("invitationId").asText();
        // Another instance claims the row, hands the invitation to the channel and dies before recording that.
        app.jdbi().useExtension(io.closeloop.service.survey.SurveyDao.class,
                dao -> dao.claimForSending(id, 0, "crashed-worker", clock.instant(), clock.instant().plusSeconds(300)));
        sender.send(new OutboundMessage(io.closeloop.channels.Channel.WEB, "cust", "Hello", java.util.Optional.empty(),
                "en", id + ":invitation"));
        clock.advance(Duration.ofSeconds(301));
        app.runScheduler();
        assertThat(sender.sentFor(id)).hasSize(1);
        assertThat(status(id)).isEqualTo("sent");
    }

    // --- figures -------------------------------------------------------------------------------------------

    @Test
    void trendsHaveOnePointPerPeriodWithItsSampleSize() {
        String store = unique("store");
        int[][] days = {{1, 10}, {1, 9}, {2, 3}, {9, 8}};
        for (int[] day : days) {
            clock.set(Instant.parse("2026-09-0" + day[0] + "T08:00:00Z"));
            String token = token(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                    "\"locale\":\"en\"", "2026-09-0" + day[0] + "T07:00:00Z", null, store)));
            answer(token, "q2", String.valueOf(day[1]), null);
        }
        JsonNode daily = json(app.getWithKey("/api/v1/metrics/trend?metric=nps&interval=day&from=2026-09-01&to=2026-09-03&store=" + store));
        assertThat(daily.get("points").findValuesAsText("start")).containsExactly("2026-09-01", "2026-09-02", "2026-09-03");
        assertThat(daily.get("points").get(0).get("value").asDouble()).isEqualTo(100.0);
        assertThat(daily.get("points").get(0).get("n").asLong()).isEqualTo(2);
        assertThat(daily.get("points").get(1).get("value").asDouble()).isEqualTo(-100.0);
        assertThat(daily.get("points").get(2).get("value").isNull()).isTrue();
        assertThat(daily.get("points").get(2).get("n").asLong()).isZero();
        JsonNode weekly = json(app.getWithKey("/api/v1/metrics/trend?metric=nps&interval=week&from=2026-09-01&to=2026-09-13&store=" + store));
        // Weeks start on Monday: 2026-08-31 and 2026-09-07.
        assertThat(weekly.get("points").findValuesAsText("start")).containsExactly("2026-08-31", "2026-09-07");
        assertThat(weekly.get("points").get(0).get("value").asDouble()).isEqualTo(33.3);
        assertThat(weekly.get("points").get(0).get("n").asLong()).isEqualTo(3);
        assertThat(weekly.get("points").get(1).get("value").asDouble()).isEqualTo(0.0);
        HttpResponse<String> bad = app.getWithKey("/api/v1/metrics/trend?metric=mood&interval=hour");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(json(bad).get("details").findValuesAsText("field")).containsExactly("metric", "interval");
        assertThat(app.getWithKey("/api/v1/metrics/summary?from=2026-13-01").statusCode()).isEqualTo(422);
        assertThat(app.getWithKey("/api/v1/metrics/summary?from=2026-10-01&to=2026-09-01").statusCode()).isEqualTo(422);
    }

    @Test
    void figuresWithoutAnEndCountAnAnswerGivenAtThatVeryInstant() {
        String store = unique("store");
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String first = token(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\"", "2026-11-19T10:00:00Z", null, store)));
        String second = token(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\"", "2026-11-19T10:00:00Z", null, store)));

        // The clock does not move between the answer and the figures: on a whole second...
        clock.set(Instant.parse("2026-11-20T03:15:42Z"));
        assertThat(answer(first, "q2", "10", null).statusCode()).isEqualTo(200);
        assertThat(json(app.getWithKey("/api/v1/metrics/summary?store=" + store)).get("nps").get("n").asLong()).isEqualTo(1);
        // ...and within one.
        clock.set(Instant.parse("2026-11-20T03:15:43.250Z"));
        assertThat(answer(second, "q2", "0", null).statusCode()).isEqualTo(200);

        JsonNode summary = json(app.getWithKey("/api/v1/metrics/summary?store=" + store));
        assertThat(summary.get("nps").get("n").asLong()).isEqualTo(2);
        assertThat(summary.get("nps").get("score").asDouble()).isEqualTo(0.0);
        JsonNode trend = json(app.getWithKey("/api/v1/metrics/trend?metric=nps&interval=day&store=" + store));
        JsonNode today = trend.get("points").get(trend.get("points").size() - 1);
        assertThat(today.get("start").asText()).isEqualTo("2026-11-20");
        assertThat(today.get("n").asLong()).isEqualTo(2);
        assertThat(json(app.getWithKey("/api/v1/responses?store=" + store)).get("responses")).hasSize(2);
        // An explicit end stays exclusive.
        assertThat(json(app.getWithKey("/api/v1/metrics/summary?store=" + store + "&to=2026-11-20T03:15:43Z"))
                .get("nps").get("n").asLong()).isEqualTo(1);
    }

    @Test
    void theCsvExportOpensCorrectlyInASpreadsheet() {
        String store = unique("store");
        clock.set(Instant.parse("2026-10-05T08:00:00Z"));
        String order = unique("order");
        String token = token(app.postJsonWithKey("/api/v1/purchases", purchase(order, unique("cust"),
                "\"locale\":\"zh-CN\"", "2026-10-05T07:00:00Z", null, store)));
        answer(token, "q1", "4", null);
        answer(token, "q3", JSON.valueToTree("=HYPERLINK(\"x\") 送餐太慢了，\"汤\"都洒了").toString(), null);

        HttpResponse<byte[]> csv = app.sendForBytes(HttpRequest.newBuilder(
                app.uri("/api/v1/responses?format=csv&from=2026-10-05&to=2026-10-05&store=" + store))
                .header("Authorization", "Bearer " + TestApp.API_KEY).GET().build());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        byte[] bytes = csv.body();
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("invitation_id,order_id,customer_id,channel");
        assertThat(lines[1]).contains(order).contains(",q1,csat,4,")
                .contains("\"'=HYPERLINK(\"\"x\"\") 送餐太慢了，\"\"汤\"\"都洒了\"");

        JsonNode exported = json(app.getWithKey("/api/v1/responses?from=2026-10-05&to=2026-10-05&store=" + store));
        assertThat(exported.get("responses")).hasSize(1);
        JsonNode response = exported.get("responses").get(0);
        assertThat(response.get("orderId").asText()).isEqualTo(order);
        assertThat(response.get("templateVersion").asInt())
                .isEqualTo(json(app.getWithKey("/api/v1/survey-templates/default")).get("version").asInt());
        assertThat(response.get("answers").findValuesAsText("questionId")).containsExactly("q1", "q3");
        assertThat(response.get("answers").get(1).get("value").asText()).startsWith("=HYPERLINK");
        assertThat(app.getWithKey("/api/v1/responses?format=xml").statusCode()).isEqualTo(422);
    }

    @Test
    void aNewTemplateVersionAppliesToNewPurchasesOnly() {
        clock.set(Instant.parse("2026-11-20T02:00:00Z"));
        String key = "default";
        String oldToken = token(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                "\"locale\":\"en\"", "2026-11-19T10:00:00Z", null, unique("store"))));
        int current = json(app.getWithKey("/api/v1/survey-templates/" + key)).get("version").asInt();
        HttpResponse<String> invalid = app.postJsonWithKey("/api/v1/survey-templates/" + key, "{\"questions\": []}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        HttpResponse<String> published = app.postJsonWithKey("/api/v1/survey-templates/" + key, """
                {"questions": [
                  {"id": "effort", "type": "ces", "text": {"en": "How easy was it to order?", "zh-CN": "下单容易吗？"}},
                  {"id": "channel", "type": "choice", "text": {"en": "Where did you hear of us?"},
                   "options": [{"value": "friend", "label": {"en": "A friend", "zh-CN": "朋友"}},
                               {"value": "ad", "label": {"en": "An ad"}}]}
                ]}""");
        assertThat(published.statusCode()).isEqualTo(201);
        assertThat(json(published).get("version").asInt()).isEqualTo(current + 1);
        try {
            String newToken = token(app.postJsonWithKey("/api/v1/purchases", purchase(unique("order"), unique("cust"),
                    "\"locale\":\"zh-CN\"", "2026-11-19T10:00:00Z", null, unique("store"))));
            JsonNode fresh = json(app.get("/api/v1/surveys/" + newToken));
            assertThat(fresh.get("questions").findValuesAsText("id")).containsExactly("effort", "channel");
            assertThat(fresh.get("questions").get(1).get("options").get(1).get("label").asText()).isEqualTo("An ad");
            assertThat(answer(newToken, "channel", "\"tv\"", null).statusCode()).isEqualTo(422);
            assertThat(answer(newToken, "effort", "7", null).statusCode()).isEqualTo(200);
            assertThat(json(answer(newToken, "channel", "\"friend\"", null)).get("state").asText()).isEqualTo("completed");
            // The survey sent before keeps the questions it was sent with.
            assertThat(json(app.get("/api/v1/surveys/" + oldToken)).get("questions").findValuesAsText("type"))
                    .containsExactly("csat", "nps", "text");
            assertThat(app.getWithKey("/api/v1/survey-templates/" + key + "/versions/" + current).statusCode()).isEqualTo(200);
        } finally {
            // Put the default survey back for the other tests.
            String original = json(app.getWithKey("/api/v1/survey-templates/" + key + "/versions/" + current)).get("definition").toString();
            assertThat(app.postJsonWithKey("/api/v1/survey-templates/" + key, original).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void textAtItsLimitIsKeptWhateverItsCharacters() {
        // Limits count characters as a person does (an emoji is one); H2 counts UTF-16 units, an emoji two.
        String emoji = "\uD83D\uDE00";
        String name = emoji.repeat(200);
        String store = emoji.repeat(128);
        String product = emoji.repeat(300);
        String order = unique("order");
        String body = "{\"orderId\":\"" + order + "\",\"customer\":{\"externalId\":\"" + unique("cust") + "\",\"name\":\""
                + name + "\",\"locale\":\"en\"},\"purchasedAt\":\"2026-11-19T10:00:00Z\",\"store\":\"" + store
                + "\",\"products\":[{\"sku\":\"EMO-1\",\"name\":\"" + product + "\"}]}";
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(text("SELECT c.name FROM customer c JOIN purchase p ON p.customer_id = c.id WHERE p.order_id = :v", order))
                .isEqualTo(name);
        assertThat(text("SELECT store FROM purchase WHERE order_id = :v", order)).isEqualTo(store);
        assertThat(text("SELECT pp.name FROM purchase_product pp JOIN purchase p ON p.id = pp.purchase_id WHERE p.order_id = :v",
                order)).isEqualTo(product);

        String token = token(accepted);
        assertThat(answer(token, "q1", "2", null).statusCode()).isEqualTo(200);
        assertThat(answer(token, "q2", "3", null).statusCode()).isEqualTo(200);
        String longest = emoji.repeat(999) + "好";
        HttpResponse<String> text = answer(token, "q3", "\"" + longest + "\"", null);
        assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
        assertThat(text("SELECT text_value FROM survey_answer WHERE question_id = 'q3' AND invitation_id = :v",
                json(accepted).get("invitationId").asText())).isEqualTo(longest);
    }

    @Test
    void instantsOutsideWhatADatabaseHoldsAreRefusedAsInvalid() {
        for (String when : List.of("-999999999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z")) {
            HttpResponse<String> refused = app.postJsonWithKey("/api/v1/purchases",
                    purchase(unique("order"), unique("cust"), "\"locale\":\"en\"", when, null, null));
            assertThat(refused.statusCode()).as(when + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("purchasedAt");
            HttpResponse<String> delivered = app.postJsonWithKey("/api/v1/purchases",
                    purchase(unique("order"), unique("cust"), "\"locale\":\"en\"", "2026-11-19T10:00:00Z", when, null));
            assertThat(delivered.statusCode()).as(when + ": " + delivered.body()).isEqualTo(422);
        }
    }

    @Test
    void theAdminPortReportsHealthAndMetrics() {
        HttpResponse<String> health = app.send(HttpRequest.newBuilder(app.adminUri("/healthcheck")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode checks = json(health);
        assertThat(checks.get("database").get("healthy").asBoolean()).isTrue();
        assertThat(checks.get("migrations").get("healthy").asBoolean()).isTrue();
        assertThat(app.send(HttpRequest.newBuilder(app.adminUri("/metrics")).GET().build()).statusCode()).isEqualTo(200);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private HttpResponse<String> answer(String token, String questionId, String valueJson, Long elapsedMs) {
        return app.postJson("/api/v1/surveys/" + token + "/answers", "{\"questionId\":\"" + questionId + "\",\"value\":"
                + valueJson + (elapsedMs == null ? "" : ",\"elapsedMs\":" + elapsedMs) + "}");
    }

    private static String purchase(String orderId, String externalId, String customerFields, String purchasedAt,
            String deliveredAt, String store) {
        return "{\"orderId\":\"" + orderId + "\",\"customer\":{\"externalId\":\"" + externalId + "\","
                + customerFields + "},\"purchasedAt\":\"" + purchasedAt + "\""
                + (deliveredAt == null ? "" : ",\"deliveredAt\":\"" + deliveredAt + "\"")
                + (store == null ? "" : ",\"store\":\"" + store + "\"")
                + ",\"products\":[{\"sku\":\"TEA-1\",\"name\":\"绿茶 Green tea\"}]}";
    }

    private static long stage(JsonNode funnel, String name) {
        for (JsonNode stage : funnel.get("stages")) {
            if (stage.get("stage").asText().equals(name)) {
                return stage.get("count").asLong();
            }
        }
        throw new AssertionError("no stage " + name + " in " + funnel);
    }

    private static String token(HttpResponse<String> accepted) {
        String url = json(accepted).get("surveyUrl").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private String status(String invitationId) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT status FROM survey_invitation WHERE id = :id")
                .bind("id", invitationId).mapTo(String.class).one());
    }

    private String text(String sql, String value) {
        return app.jdbi().withHandle(h -> h.createQuery(sql).bind("v", value).mapTo(String.class).one());
    }

    private long count(String sql) {
        return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
