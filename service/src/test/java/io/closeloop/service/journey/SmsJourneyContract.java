package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.channels.testing.FakeTwilioApi;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The survey over SMS, end to end: invitations go through the outbound queue to a local fake of Twilio's
 * REST API, the customer's replies come back as webhooks signed the way Twilio signs them. H2 and MariaDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SmsJourneyContract {

    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String ACCOUNT = "AC" + "11112222333344445555666677778888";
    private static final String TOKEN = "sms-journey-auth-token";
    private static final String OUR_NUMBER = "+15005550006";
    /** What Twilio calls: the configured public URL, not the port the test server happens to use. */
    private static final String PUBLIC_SMS_URL = "http://localhost:8080/webhooks/twilio/sms";
    private static final String PUBLIC_STATUS_URL = "http://localhost:8080/webhooks/twilio/status";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final TwilioSignature signer = new TwilioSignature(TOKEN);
    private FakeTwilioApi twilio;
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        twilio = new FakeTwilioApi(ACCOUNT, TOKEN);
        database = TestDatabase.create(kind());
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), Map.of(
                "sms.enabled", "true", "sms.sender", "twilio", "sms.accountSid", ACCOUNT, "sms.authToken", TOKEN,
                "sms.from", OUR_NUMBER, "sms.apiBaseUrl", twilio.baseUri().toString()));
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

    /** Each test starts on the next morning in Shanghai: time never runs backwards for the sender's pace. */
    @BeforeEach
    void nextMorningInShanghai() {
        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
    }

    @Test
    void aCustomerAnswersTheWholeSurveyByText() {
        String phone = newPhone();
        String invitationId = purchase(phone, "en", "Ann");
        List<String> texts = deliver(phone);
        assertThat(texts).singleElement().satisfies(text -> assertThat(text)
                .startsWith("Hi Ann! Thanks for your order")
                .endsWith("How satisfied are you with your order? Reply 1-5 (5 = very satisfied)"));

        assertThat(reply(phone, "I'd say 4")).isEqualTo("How likely are you to recommend us to a friend? Reply 0-10");
        assertThat(reply(phone, "7 or 8")).isEqualTo("Sorry, I did not catch that. Please reply with a number from 0 to 10, or SKIP.");
        assertThat(reply(phone, "eleven")).isEqualTo("Let us move on. What did you like most? Reply in your own words, or SKIP");
        assertThat(reply(phone, "The courier was very friendly 🙂")).isEqualTo("Thank you! Your answers help us do better.");

        JsonNode survey = survey(invitationId);
        assertThat(survey.get("state").asText()).isEqualTo("completed");
        assertThat(survey.get("answers").get("q1").asInt()).isEqualTo(4);
        assertThat(survey.get("answers").get("q2").isNull()).isTrue();
        assertThat(survey.get("answers").get("q3").asText()).isEqualTo("The courier was very friendly 🙂");
    }

    @Test
    void aDetractorIsToldSomeoneWillFollowUpInChinese() {
        String phone = newPhone();
        String invitationId = purchase(phone, "zh-CN", "李雷");
        assertThat(deliver(phone)).singleElement().satisfies(text -> assertThat(text)
                .startsWith("李雷，您好！感谢您的订单").endsWith("您对这次订单满意吗？请回复 1-5（5=非常满意）"));
        assertThat(reply(phone, "不满意")).isEqualTo("您有多大可能向朋友推荐我们？请回复 0-10");
        assertThat(reply(phone, "３")).startsWith("很抱歉给您带来不好的体验");
        assertThat(reply(phone, "送餐太慢了，汤都洒了")).isEqualTo("谢谢您！很抱歉这次体验不够好，我们的同事会尽快与您联系。");
        JsonNode survey = survey(invitationId);
        assertThat(survey.get("answers").get("q1").asInt()).isEqualTo(2);
        assertThat(survey.get("answers").get("q2").asInt()).isEqualTo(3);
        assertThat(survey.get("followUp").asBoolean()).isTrue();
    }

    @Test
    void aRetriedWebhookGetsTheSameReplyAndChangesNothing() {
        String phone = newPhone();
        String invitationId = purchase(phone, "en", null);
        deliver(phone);
        Map<String, String> form = inbound(phone, "5");
        HttpResponse<String> first = post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", form, true);
        HttpResponse<String> again = post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", form, true);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(reply(phone, "9")).startsWith("What did you like most?");
        assertThat(count("SELECT COUNT(*) FROM survey_answer WHERE invitation_id = '" + invitationId + "'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE external_id = '" + form.get("MessageSid") + "'")).isEqualTo(1);
    }

    @Test
    void anUnsignedOrTamperedWebhookIsRefusedAndChangesNothing() {
        String phone = newPhone();
        purchase(phone, "en", null);
        deliver(phone);
        long before = count("SELECT COUNT(*) FROM inbound_message");
        Map<String, String> form = inbound(phone, "5");
        assertThat(post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", form, false).statusCode()).isEqualTo(403);
        String signature = signer.sign(PUBLIC_SMS_URL, multi(form));
        form.put("Body", "1");
        HttpResponse<String> tampered = app.send(HttpRequest.newBuilder(app.uri("/webhooks/twilio/sms"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
        assertThat(tampered.statusCode()).isEqualTo(403);
        // Signed over the internal address instead of the public one: refused too.
        Map<String, String> internal = inbound(phone, "5");
        HttpResponse<String> wrongUrl = app.send(HttpRequest.newBuilder(app.uri("/webhooks/twilio/sms"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signer.sign(app.uri("/webhooks/twilio/sms").toString(), multi(internal)))
                .POST(HttpRequest.BodyPublishers.ofString(encode(internal))).build());
        assertThat(wrongUrl.statusCode()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(before);
    }

    @Test
    void stopEndsEverySurveyAndStartBringsThemBack() {
        String phone = newPhone();
        purchase(phone, "en", null);
        deliver(phone);
        assertThat(reply(phone, "STOP")).isEqualTo("You are unsubscribed and will get no more messages from us. Reply START to subscribe again.");
        assertThat(reply(phone, "stop")).isNull();
        assertThat(reply(phone, "5")).isNull();
        assertThat(optedOut(phone)).isTrue();
        JsonNode suppressed = json(app.postJsonWithKey("/api/v1/purchases", purchaseBody(unique("order"), unique("cust"), phone, "en", null, clock.instant().minus(Duration.ofHours(25)))));
        assertThat(suppressed.get("reason").asText()).isEqualTo("opted_out");
        assertThat(reply(phone, "help")).startsWith("Order feedback messages.");
        assertThat(reply(phone, "Start")).isEqualTo("You are subscribed again. Reply STOP to unsubscribe.");
        assertThat(optedOut(phone)).isFalse();
        List<String> audit = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT CONCAT(source, ':', opted_out) FROM consent_change WHERE address = :a ORDER BY id")
                .bind("a", phone).mapTo(String.class).list());
        assertThat(audit).hasSize(2);
        assertThat(reply(phone, "退订")).isEqualTo("You are unsubscribed and will get no more messages from us. Reply START to subscribe again.");
    }

    @Test
    void twilioRefusingAnUnsubscribedNumberMarksItOptedOut() {
        String phone = newPhone();
        String invitationId = purchase(phone, "en", null);
        twilio.failNext(400, 21610, "Attempt to send to unsubscribed recipient");
        assertThat(deliver(phone)).isEmpty();
        assertThat(optedOut(phone)).isTrue();
        // The invitation never reached the customer: it leaves the "sent" count of the funnel.
        String status = app.jdbi().withHandle(h -> h.createQuery("SELECT CONCAT(status, '/', reason) FROM survey_invitation WHERE id = :id")
                .bind("id", invitationId).mapTo(String.class).one());
        assertThat(status).isEqualTo("suppressed/opted_out");
    }

    @Test
    void deliveryReportsNeverMoveBackwards() {
        String phone = newPhone();
        purchase(phone, "en", null);
        deliver(phone);
        String sid = twilio.messagesTo(phone).get(0).sid();
        assertThat(status(sid, "delivered").statusCode()).isEqualTo(204);
        assertThat(status(sid, "sent").statusCode()).isEqualTo(204);
        assertThat(status(sid, "queued").statusCode()).isEqualTo(204);
        String stored = app.jdbi().withHandle(h -> h.createQuery("SELECT provider_status FROM outbound_message WHERE provider_message_id = :sid")
                .bind("sid", sid).mapTo(String.class).one());
        assertThat(stored).isEqualTo("delivered");
        Map<String, String> unsigned = new LinkedHashMap<>(Map.of("MessageSid", sid, "MessageStatus", "failed", "AccountSid", ACCOUNT));
        assertThat(post(PUBLIC_STATUS_URL, "/webhooks/twilio/status", unsigned, false).statusCode()).isEqualTo(403);
    }

    @Test
    void aRealDeliveryReportUpdatesTheMessage() {
        String phone = newPhone();
        purchase(phone, "en", null);
        deliver(phone);
        String sid = twilio.messagesTo(phone).get(0).sid();
        HttpResponse<String> sent = post(PUBLIC_STATUS_URL, "/webhooks/twilio/status", statusCallback(sid, phone, "sent", null), true);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
        assertThat(providerStatus(sid)).isEqualTo("sent");
        Map<String, String> undelivered = statusCallback(sid, phone, "undelivered", "30003");
        assertThat(post(PUBLIC_STATUS_URL, "/webhooks/twilio/status", undelivered, true).statusCode()).isEqualTo(204);
        assertThat(providerStatus(sid)).isEqualTo("undelivered");
        String errorCode = app.jdbi().withHandle(h -> h.createQuery("SELECT error_code FROM outbound_message WHERE provider_message_id = :sid")
                .bind("sid", sid).mapTo(String.class).one());
        assertThat(errorCode).isEqualTo("30003");
        // Our number in To (an inbound message's shape) is no proof on a status callback: From must be ours.
        Map<String, String> foreign = statusCallback(sid, phone, "delivered", null);
        foreign.put("From", "+15005550001");
        assertThat(post(PUBLIC_STATUS_URL, "/webhooks/twilio/status", foreign, true).statusCode()).isEqualTo(403);
        assertThat(providerStatus(sid)).isEqualTo("undelivered");
    }

    @Test
    void inboundFieldsTooLongForTheDatabaseAreRefusedWithA400() {
        long before = count("SELECT COUNT(*) FROM inbound_message");
        Map<String, String> longSid = inbound(newPhone(), "hello");
        longSid.put("MessageSid", "SM" + "a".repeat(63));
        longSid.put("SmsSid", longSid.get("MessageSid"));
        assertBadRequest(post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", longSid, true), "MessageSid");
        Map<String, String> longFrom = inbound("+" + "8".repeat(191), "hello");
        assertBadRequest(post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", longFrom, true), "From");
        // 191 characters that are four bytes and two UTF-16 units each.
        Map<String, String> emojiFrom = inbound("😀".repeat(191), "hello");
        assertBadRequest(post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", emojiFrom, true), "From");
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(before);
        // At the limits, and with a long body (kept to 1600 characters), the message is taken.
        String phone = "+" + "7".repeat(190);
        Map<String, String> atLimit = inbound(phone, "😀".repeat(2000));
        atLimit.put("MessageSid", "SM" + "b".repeat(62));
        atLimit.put("SmsSid", atLimit.get("MessageSid"));
        assertThat(post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", atLimit, true).statusCode()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(before + 1);

        String invited = newPhone();
        purchase(invited, "en", null);
        deliver(invited);
        String sid = twilio.messagesTo(invited).get(0).sid();
        assertBadRequest(post(PUBLIC_STATUS_URL, "/webhooks/twilio/status",
                statusCallback(sid, invited, "failed", "3".repeat(65)), true), "ErrorCode");
        assertBadRequest(post(PUBLIC_STATUS_URL, "/webhooks/twilio/status",
                statusCallback("SM" + "c".repeat(63), invited, "failed", null), true), "MessageSid");
        assertThat(providerStatus(sid)).isNotEqualTo("failed");
    }

    @Test
    void anAnswerAfterTheSurveyClosedIsToldSoOnce() {
        String phone = newPhone();
        purchase(phone, "en", null);
        deliver(phone);
        clock.advance(Duration.ofHours(73));
        assertThat(reply(phone, "5")).isEqualTo("Thank you, but this survey has closed.");
        assertThat(reply(phone, "5")).isEqualTo("Thanks for your message! We have received it and will get back to you soon.");
    }

    @Test
    void aMessageOutsideASurveyGetsTheAutoReplyInTheCustomersLanguage() {
        assertThat(reply(newPhone(), "你好，我的订单在哪里？")).isEqualTo("感谢您的留言！我们已收到，会尽快回复您。");
        assertThat(reply(newPhone(), "Where is my order?")).isEqualTo("Thanks for your message! We have received it and will get back to you soon.");
    }

    @Test
    void aBurstOfInvitationsLeavesAtTheSendersPace() {
        List<String> phones = List.of(newPhone(), newPhone(), newPhone());
        phones.forEach(p -> purchase(p, "en", null));
        app.runScheduler();
        clock.advance(Duration.ofSeconds(5));
        int before = twilio.messages().size();
        app.app().outbox().runOnce();
        assertThat(twilio.messages().size() - before).isEqualTo(1);
        app.app().outbox().runOnce();
        assertThat(twilio.messages().size() - before).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            app.app().outbox().runOnce();
        }
        assertThat(twilio.messages().size() - before).isEqualTo(3);
    }

    @Test
    void concurrentDeliveriesOfOneWebhookAreHandledOnce() throws Exception {
        String phone = newPhone();
        String invitationId = purchase(phone, "en", null);
        deliver(phone);
        Map<String, String> form = inbound(phone, "4");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(pool.submit(() -> {
                go.await();
                return post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", form, true);
            }));
        }
        go.countDown();
        Set<String> bodies = new HashSet<>();
        for (Future<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            bodies.add(r.body());
        }
        pool.shutdown();
        assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("Reply 0-10"));
        assertThat(count("SELECT COUNT(*) FROM survey_answer WHERE invitation_id = '" + invitationId + "'")).isEqualTo(1);
    }

    @Test
    void theReminderAsksTheQuestionTheCustomerStoppedAt() {
        String phone = newPhone();
        purchase(phone, "en", null);
        deliver(phone);
        reply(phone, "5");
        clock.advance(Duration.ofHours(24));
        assertThat(deliver(phone)).singleElement().satisfies(text -> assertThat(text)
                .startsWith("About your order").endsWith("How likely are you to recommend us to a friend? Reply 0-10"));
    }

    @Test
    void theDevelopmentCommandPlaysTheCustomer() throws Exception {
        SmsConfig sms = new SmsConfig(true, "twilio", ACCOUNT, new SecretString(TOKEN), OUR_NUMBER, null, null, null);
        List<String> replies = TextCommand.send(app.uri("/"), URI.create("http://localhost:8080"), sms, newPhone(),
                "Where is my order?");
        assertThat(replies).containsExactly("Thanks for your message! We have received it and will get back to you soon.");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private String purchase(String phone, String locale, String name) {
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases",
                purchaseBody(unique("order"), unique("cust"), phone, locale, name, clock.instant().minus(Duration.ofHours(25))));
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = json(accepted);
        assertThat(body.get("channel").asText()).isEqualTo("sms");
        return body.get("invitationId").asText();
    }

    private static String purchaseBody(String order, String customer, String phone, String locale, String name,
            Instant purchasedAt) {
        return "{\"orderId\":\"" + order + "\",\"channel\":\"sms\",\"customer\":{\"externalId\":\"" + customer
                + "\",\"phone\":\"" + phone + "\",\"locale\":\"" + locale + "\",\"timeZone\":\"Asia/Shanghai\""
                + (name == null ? "" : ",\"name\":\"" + name + "\"") + "},\"purchasedAt\":\"" + purchasedAt + "\"}";
    }

    /**
     * Runs the scheduler, then the outbound queue until it is empty (one text per second from our number:
     * other tests' reminders may be queued too), and returns what Twilio received for the number since.
     */
    private List<String> deliver(String phone) {
        int before = twilio.messagesTo(phone).size();
        app.runScheduler();
        for (int second = 0; second < 30; second++) {
            clock.advance(Duration.ofSeconds(1));
            app.app().outbox().runOnce();
        }
        return twilio.messagesTo(phone).stream().skip(before).map(FakeTwilioApi.StoredMessage::body).toList();
    }

    /** Sends a signed inbound SMS and returns the text of the TwiML reply, or null for an empty reply. */
    private String reply(String phone, String body) {
        HttpResponse<String> response = post(PUBLIC_SMS_URL, "/webhooks/twilio/sms", inbound(phone, body), true);
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = Pattern.compile("<Body>(.*?)</Body>", Pattern.DOTALL).matcher(response.body());
        if (!matcher.find()) {
            assertThat(response.body()).contains("<Response/>");
            return null;
        }
        return matcher.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&");
    }

    private Map<String, String> inbound(String phone, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        form.put("NumMedia", "0");
        form.put("MessageSid", form.get("SmsMessageSid"));
        form.put("SmsSid", form.get("SmsMessageSid"));
        form.put("AccountSid", ACCOUNT);
        form.put("From", phone);
        form.put("To", OUR_NUMBER);
        form.put("Body", body);
        form.put("NumSegments", "1");
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    private HttpResponse<String> status(String sid, String status) {
        return post(PUBLIC_STATUS_URL, "/webhooks/twilio/status", statusCallback(sid, twilio.messages().stream()
                .filter(m -> m.sid().equals(sid)).findFirst().orElseThrow().to(), status, null), true);
    }

    /** A delivery report as Twilio posts it: To is the customer, From is our number. */
    private static Map<String, String> statusCallback(String sid, String customer, String status, String errorCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsSid", sid);
        form.put("SmsStatus", status);
        form.put("MessageStatus", status);
        form.put("To", customer);
        form.put("MessageSid", sid);
        form.put("AccountSid", ACCOUNT);
        form.put("From", OUR_NUMBER);
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    private HttpResponse<String> post(String publicUrl, String path, Map<String, String> form, boolean signed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (signed) {
            request.header("X-Twilio-Signature", signer.sign(publicUrl, multi(form)));
        }
        return app.send(request.build());
    }

    private static Map<String, List<String>> multi(Map<String, String> form) {
        return form.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private JsonNode survey(String invitationId) {
        String token = app.jdbi().withHandle(h -> h.createQuery("SELECT token FROM survey_invitation WHERE id = :id")
                .bind("id", invitationId).mapTo(String.class).one());
        return json(app.get("/api/v1/surveys/" + token));
    }

    private String providerStatus(String sid) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT provider_status FROM outbound_message WHERE provider_message_id = :sid")
                .bind("sid", sid).mapTo(String.class).one());
    }

    private static void assertBadRequest(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("invalid_webhook");
        assertThat(body.get("message").asText()).contains(field);
        assertThat(body.get("details").get(0).get("field").asText()).isEqualTo(field);
    }

    private boolean optedOut(String phone) {
        return app.jdbi().withExtension(CustomerDao.class, dao -> dao.isAddressOptedOut("sms", phone));
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

    private static String newPhone() {
        return "+86139" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
