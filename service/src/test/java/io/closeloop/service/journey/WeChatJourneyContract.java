package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.channels.testing.FakeWeChatApi;
import io.closeloop.channels.wechat.WeChatCrypto;
import io.closeloop.channels.wechat.WeChatSignature;
import io.closeloop.channels.wechat.WeChatXml;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.WeChatConfig;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.RecordingSender;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Surveys and conversations over WeChat, end to end: encrypted (safe mode) pushes signed as WeChat signs them,
 * passive encrypted replies, and a local fake of WeChat's API for customer-service and template messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WeChatJourneyContract {

    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String APP_ID = "wx1111222233334444";
    private static final String TOKEN = "journey-wechat-token";
    private static final String AES_KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final WeChatSignature signature = new WeChatSignature(TOKEN);
    private final WeChatCrypto crypto = new WeChatCrypto(AES_KEY, APP_ID);
    private final AtomicLong msgIds = new AtomicLong(24_512_000_000_000_000L);
    private final AtomicLong nonces = new AtomicLong(1_357_924_680L);
    private final RecordingSender texts = new RecordingSender(io.closeloop.channels.Channel.SMS);
    private FakeWeChatApi wechat;
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        wechat = new FakeWeChatApi(APP_ID, "journey-secret");
        database = TestDatabase.create(kind());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wechat.enabled", "true");
        settings.put("wechat.apiBaseUrl", wechat.baseUri().toString());
        settings.put("wechat.accounts[0].token", TOKEN);
        settings.put("wechat.accounts[0].appId", APP_ID);
        settings.put("wechat.accounts[0].appSecret", "journey-secret");
        settings.put("wechat.accounts[0].encodingAesKey", AES_KEY);
        settings.put("wechat.accounts[0].mode", "safe");
        settings.put("wechat.accounts[0].templateId", "TPL-SURVEY");
        settings.put("agents.initialAdminUser", "wei");
        settings.put("agents.initialAdminPassword", "wei-wechat-password");
        settings.put("agents.sessionTtl", "3650 days");
        // SMS too (recorded behind the outbound queue): agents' replies fall back to it outside WeChat's window.
        settings.put("sms.enabled", "true");
        settings.put("sms.sender", "log");
        settings.put("sms.accountSid", "AC" + "0".repeat(32));
        settings.put("sms.authToken", "journey-sms-token");
        settings.put("sms.from", "+15005550006");
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(texts), settings);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
        if (wechat != null) {
            wechat.close();
        }
    }

    @BeforeEach
    void nextMorningInShanghai() {
        clock.set(clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
    }

    @Test
    void aCustomerAnswersTheSurveyInWeChatMessages() throws Exception {
        String openId = newOpenId();
        String invitationId = purchase(openId, "zh-CN", "李雷");
        app.runScheduler();
        assertThat(wechat.sentTo(openId)).singleElement().satisfies(sent -> {
            assertThat(sent.kind()).isEqualTo("custom");
            assertThat(sent.content()).startsWith("李雷，您好！感谢您的订单").endsWith("您对这次订单满意吗？请回复 1-5（5=非常满意）");
        });
        assertThat(say(openId, "非常满意")).isEqualTo("您有多大可能向朋友推荐我们？请回复 0-10");
        assertThat(say(openId, "九")).isEqualTo("您最喜欢的是哪一点？请直接回复，或回复“跳过”");
        assertThat(voice(openId, "物流很快，包装也好")).isEqualTo("谢谢您！您的反馈将帮助我们做得更好。");
        JsonNode survey = survey(invitationId);
        assertThat(survey.get("state").asText()).isEqualTo("completed");
        assertThat(survey.get("answers").get("q1").asInt()).isEqualTo(5);
        assertThat(survey.get("answers").get("q2").asInt()).isEqualTo(9);
        assertThat(survey.get("answers").get("q3").asText()).isEqualTo("物流很快，包装也好");
    }

    @Test
    void outsideTheFortyEightHourWindowTheInvitationIsATemplateMessageWithTheLink() {
        String openId = newOpenId();
        wechat.closeWindowFor(openId);
        String invitationId = purchase(openId, "en", null);
        app.runScheduler();
        assertThat(wechat.sentTo(openId)).singleElement().satisfies(sent -> {
            assertThat(sent.kind()).isEqualTo("template");
            assertThat(sent.templateId()).isEqualTo("TPL-SURVEY");
            assertThat(sent.url()).contains("/s/");
            assertThat(sent.data().get("first")).startsWith("Hi! Thanks for your order");
        });
        assertThat(status(invitationId)).isEqualTo("sent");
    }

    @Test
    void followingAgainWelcomesTheCustomerAndResumesTheSurvey() throws Exception {
        String openId = newOpenId();
        purchase(openId, "en", "Ann");
        app.runScheduler();
        say(openId, "4");
        assertThat(event(openId, "subscribe", null))
                .isEqualTo("Welcome! Thanks for following us. Write to us here any time. How likely are you to recommend us to a friend? Reply 0-10");
        assertThat(image(openId)).isEqualTo("Sorry, we can read text and voice messages only. Please write to us in words.");
        assertThat(event(openId, "CLICK", "DELIVERY")).isEqualTo("Orders ship within 24 hours; you get the tracking number by message.");
        assertThat(event(newOpenId(), "subscribe", null)).isEqualTo("Welcome! Thanks for following us. Write to us here any time.");
    }

    @Test
    void unfollowingErasesTheOpenIdButKeepsTheScores() throws Exception {
        String openId = newOpenId();
        String invitationId = purchase(openId, "en", null);
        app.runScheduler();
        say(openId, "2");
        assertThat(event(openId, "unsubscribe", null)).isNull();
        long addresses = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM customer_address WHERE address = :a").bind("a", openId).mapTo(Long.class).one());
        long messages = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM inbound_message WHERE from_address = :a").bind("a", openId).mapTo(Long.class).one());
        assertThat(addresses).isZero();
        assertThat(messages).isZero();
        assertThat(survey(invitationId).get("answers").get("q1").asInt()).isEqualTo(2);
    }

    @Test
    void oneCustomerAcrossSmsAndWeChat() {
        String openId = newOpenId();
        String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"o-" + UUID.randomUUID() + "\",\"customer\":{\"externalId\":\""
                + customer + "\",\"phone\":\"+8613912345678\",\"wechatOpenId\":\"" + openId
                + "\",\"timeZone\":\"Asia/Shanghai\"},\"purchasedAt\":\"" + clock.instant().minus(Duration.ofHours(25)) + "\"}");
        long id = app.jdbi().withExtension(CustomerDao.class, dao -> dao.findByExternalId(customer)).orElseThrow().id();
        List<String> addresses = app.jdbi().withExtension(CustomerDao.class, dao -> dao.addresses(id));
        assertThat(addresses).containsExactlyInAnyOrder("sms:+8613912345678", "wechat:" + openId);
    }

    @Test
    void badSignaturesAndTheUrlCheck() {
        String timestamp = "1714037059";
        String nonce = "486452656";
        HttpResponse<String> check = app.get("/webhooks/wechat/demo?signature=" + signature.sign(timestamp, nonce)
                + "&timestamp=" + timestamp + "&nonce=" + nonce + "&echostr=hello-echo");
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).isEqualTo("hello-echo");
        assertThat(app.get("/webhooks/wechat/demo?signature=" + "0".repeat(40) + "&timestamp=1&nonce=2&echostr=x").statusCode())
                .isEqualTo(403);
        Map<String, String> envelope = Map.of("ToUserName", "gh_demo", "Encrypt", crypto.encrypt(WeChatXml.write(text(newOpenId(), "hi"))));
        HttpResponse<String> forged = post(WeChatXml.write(envelope), "signature=x&timestamp=1&nonce=2&encrypt_type=aes&msg_signature="
                + "0".repeat(40));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void fieldsTheServiceCannotStoreAreRefusedWithA400NotA500() throws Exception {
        long before = count("SELECT COUNT(*) FROM inbound_message");
        assertBadRequest(pushEncrypted(text("o" + "x".repeat(191), "你好")), "FromUserName");
        assertBadRequest(pushEncrypted(text("😀".repeat(96), "你好")), "FromUserName");
        Map<String, String> longMsgId = text(newOpenId(), "你好");
        longMsgId.put("MsgId", "9".repeat(100));
        assertBadRequest(pushEncrypted(longMsgId), "MsgId");
        // Beyond Instant's range, and beyond MariaDB's DATETIME (year 5138).
        for (String createTime : List.of("9223372036854775807", "99999999999")) {
            Map<String, String> farOff = text(newOpenId(), "你好");
            farOff.put("CreateTime", createTime);
            assertBadRequest(pushEncrypted(farOff), "CreateTime");
        }
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(before);

        // At the limits, and with fields that reach no column of limited size, messages are taken.
        String longest = "o" + "x".repeat(190);
        Map<String, String> atLimit = text(longest, "😀".repeat(1700));
        atLimit.put("ToUserName", "gh_" + "t".repeat(3000));
        atLimit.put("MsgId", "18446744073709551615");
        assertThat(pushEncrypted(atLimit).statusCode()).isEqualTo(200);
        assertThat(event(longest, "CLICK".repeat(500), "K".repeat(3000))).isNull();
        assertThat(event(longest, "subscribe", null)).startsWith("Welcome!");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE from_address = '" + longest + "'")).isEqualTo(3);
    }

    @Test
    void aDecryptedLengthFieldThatOverflowsIsRefusedNotA500() {
        // A message whose 4-byte length says 0x7FFFFFF8: "20 + length" is negative as an int.
        byte[] key = java.util.Base64.getDecoder().decode(AES_KEY + "=");
        byte[] xml = WeChatXml.bytes(WeChatXml.write(text(newOpenId(), "你好")));
        byte[] appId = APP_ID.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int size = 20 + xml.length + appId.length;
        int pad = 32 - size % 32;
        java.nio.ByteBuffer plain = java.nio.ByteBuffer.allocate(size + pad).put(new byte[16]).putInt(0x7FFFFFF8)
                .put(xml).put(appId);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        String encrypt;
        try {
            javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
            encrypt = java.util.Base64.getEncoder().encodeToString(aes.doFinal(plain.array()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> response = pushEncrypted(encrypt, "oOverflow");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(json(response).get("code").asText()).isEqualTo("invalid_message");
    }

    @Test
    void weChatsOwnRetryOfARequestGetsTheSameAnswerAndIsHandledOnce() throws Exception {
        String openId = newOpenId();
        Map<String, String> message = text(openId, "你好");
        String encrypt = crypto.encrypt(WeChatXml.write(message));
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String nonce = String.valueOf(nonces.incrementAndGet());
        String xml = WeChatXml.write(Map.of("ToUserName", "gh_demo", "Encrypt", encrypt));
        String query = "signature=" + signature.sign(timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&openid=" + openId + "&encrypt_type=aes&msg_signature=" + signature.sign(timestamp, nonce, encrypt);
        String first = passiveReply(message, post(xml, query));
        clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> retry = post(xml, query);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(passiveReply(message, retry)).isEqualTo(first).isEqualTo("感谢您的留言！我们已收到，会尽快回复您。");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE from_address = '" + openId + "'")).isEqualTo(1);
        // A month later, the same request is refused.
        clock.advance(Duration.ofDays(30));
        HttpResponse<String> stale = post(xml, query);
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(json(stale).get("code").asText()).isEqualTo("stale_request");
    }

    @Test
    void theTextCommandPlaysAWeChatCustomerInSafeMode() throws Exception {
        WeChatConfig.Account account = new WeChatConfig.Account("demo", new SecretString(TOKEN), APP_ID,
                new SecretString("journey-secret"), new SecretString(AES_KEY), "safe", null, null);
        String openId = newOpenId();
        assertThat(TextCommand.wechat(app.uri("/"), account, openId, "你好", clock))
                .contains("感谢您的留言！我们已收到，会尽快回复您。");
        assertThat(TextCommand.wechat(app.uri("/"), account, openId, "我要转人工", clock))
                .hasValueSatisfying(reply -> assertThat(reply).startsWith("已为您转接人工客服"));
        // Signed with another token, the service's refusal comes back as one line.
        WeChatConfig.Account wrongToken = new WeChatConfig.Account("demo", new SecretString("not-the-token"), APP_ID,
                null, new SecretString(AES_KEY), "safe", null, null);
        assertThatThrownBy(() -> TextCommand.wechat(app.uri("/"), wrongToken, openId, "你好", clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Closeloop at " + app.uri("") + " refused the message (HTTP 403): "
                        + "The request is not signed with this account's token.");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private String purchase(String openId, String locale, String name) {
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"o-" + UUID.randomUUID()
                + "\",\"customer\":{\"externalId\":\"c-" + UUID.randomUUID() + "\",\"wechatOpenId\":\"" + openId
                + "\",\"locale\":\"" + locale + "\",\"timeZone\":\"Asia/Shanghai\"" + (name == null ? "" : ",\"name\":\"" + name + "\"")
                + "},\"purchasedAt\":\"" + clock.instant().minus(Duration.ofHours(25)) + "\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode body = json(accepted);
        assertThat(body.get("channel").asText()).isEqualTo("wechat");
        return body.get("invitationId").asText();
    }

    @Test
    void theLoopClosesOverWeChatFromHandoffToTheCustomersAnswer() throws Exception {
        String openId = newOpenId();
        assertThat(say(openId, "我要转人工")).startsWith("已为您转接人工客服");
        String token = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"wei\",\"password\":\"wei-wechat-password\"}")).get("token").asText();
        long ticket = app.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ticket WHERE address = :a")
                .bind("a", openId).mapTo(Long.class).one());
        assertThat(agentPost(token, "/api/v1/tickets/" + ticket + "/claim", null).statusCode()).isEqualTo(200);
        HttpResponse<String> reply = agentPost(token, "/api/v1/tickets/" + ticket + "/reply", "{\"text\":\"您好，已为您补发。\"}");
        assertThat(json(reply).get("delivery").asText()).isEqualTo("queued");
        wechat.busyFor(1);
        app.app().outbox().runOnce();
        assertThat(wechat.sentTo(openId)).as("WeChat was busy").isEmpty();
        assertThat(delivery(ticket)).isEqualTo("queued");
        clock.advance(Duration.ofSeconds(15));
        deliver();
        assertThat(wechat.sentTo(openId)).extracting(FakeWeChatApi.Sent::content)
                .as("retried, and sent once").containsOnlyOnce("您好，已为您补发。");
        assertThat(delivery(ticket)).isEqualTo("sent");

        assertThat(say(openId, "好的谢谢")).as("the bot stays out while a person has it").isNull();
        assertThat(agentPost(token, "/api/v1/tickets/" + ticket + "/resolve", null).statusCode()).isEqualTo(200);
        deliver();
        assertThat(wechat.sentTo(openId)).extracting(FakeWeChatApi.Sent::content)
                .contains("您的问题解决了吗？请回复 1-5（5=完全解决）。");
        assertThat(say(openId, "五")).isEqualTo("感谢您的反馈！");
        Integer score = app.jdbi().withHandle(h -> h.createQuery("SELECT followup_score FROM ticket WHERE id = :id")
                .bind("id", ticket).mapTo(Integer.class).one());
        assertThat(score).isEqualTo(5);
    }

    @Test
    void outsideTheFortyEightHourWindowAnAgentsReplyGoesBySmsWhenThereIsAPhoneElseAsATemplate() throws Exception {
        String token = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"wei\",\"password\":\"wei-wechat-password\"}")).get("token").asText();
        String openId = newOpenId();
        String phone = "+86139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"o-" + UUID.randomUUID() + "\",\"customer\":{\"externalId\":\"c-"
                + UUID.randomUUID() + "\",\"phone\":\"" + phone + "\",\"wechatOpenId\":\"" + openId
                + "\",\"locale\":\"zh-CN\",\"timeZone\":\"Asia/Shanghai\"},\"purchasedAt\":\"" + clock.instant().minus(Duration.ofHours(25)) + "\"}");
        assertThat(say(openId, "转人工")).startsWith("已为您转接人工客服");
        long ticket = ticketOf(openId);
        clock.advance(Duration.ofHours(49));
        wechat.closeWindowFor(openId);
        JsonNode reply = json(agentPost(token, "/api/v1/tickets/" + ticket + "/reply", "{\"text\":\"您好，退款已处理。\"}"));
        assertThat(reply.get("sentVia").asText()).isEqualTo("sms");
        assertThat(reply.get("delivery").asText()).isEqualTo("queued");
        deliver();
        assertThat(delivery(ticket)).isEqualTo("sent");
        assertThat(texts.to(phone)).containsExactly("您好，退款已处理。");
        assertThat(wechat.sentTo(openId)).extracting(FakeWeChatApi.Sent::content).doesNotContain("您好，退款已处理。");
        String state = app.jdbi().withHandle(h -> h.createQuery(
                "SELECT state FROM conversation WHERE channel = 'sms' AND address = :a").bind("a", phone).mapTo(String.class).one());
        assertThat(state).as("the customer's SMS answer joins the ticket").isEqualTo("waiting_for_agent");

        String noPhone = newOpenId();
        assertThat(say(noPhone, "人工客服")).startsWith("已为您转接人工客服");
        long other = ticketOf(noPhone);
        clock.advance(Duration.ofHours(49));
        wechat.closeWindowFor(noPhone);
        JsonNode template = json(agentPost(token, "/api/v1/tickets/" + other + "/reply", "{\"text\":\"您好，请查收补发的商品。\"}"));
        assertThat(template.get("delivery").asText()).isEqualTo("queued");
        deliver();
        assertThat(delivery(other)).isEqualTo("sent");
        String via = app.jdbi().withHandle(h -> h.createQuery("SELECT sent_via FROM ticket_message WHERE ticket_id = :t")
                .bind("t", other).mapTo(String.class).one());
        assertThat(via).isEqualTo("wechat_template");
        assertThat(wechat.sentTo(noPhone)).last().satisfies(sent -> {
            assertThat(sent.kind()).isEqualTo("template");
            assertThat(sent.data().get("first")).isEqualTo("您好，请查收补发的商品。");
            assertThat(sent.url()).as("a reply has no link").isNull();
        });
    }

    @Test
    void pastWeChatsFiveMessagesAnAgentsReplyGoesBySmsWhenThereIsAPhoneElseAsATemplate() throws Exception {
        String token = json(app.postJson("/api/v1/auth/login",
                "{\"username\":\"wei\",\"password\":\"wei-wechat-password\"}")).get("token").asText();
        String openId = newOpenId();
        String phone = "+86139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"o-" + UUID.randomUUID() + "\",\"customer\":{\"externalId\":\"c-"
                + UUID.randomUUID() + "\",\"phone\":\"" + phone + "\",\"wechatOpenId\":\"" + openId
                + "\",\"locale\":\"zh-CN\",\"timeZone\":\"Asia/Shanghai\"},\"purchasedAt\":\"" + clock.instant().minus(Duration.ofHours(25)) + "\"}");
        assertThat(say(openId, "转人工")).startsWith("已为您转接人工客服");
        long ticket = ticketOf(openId);
        for (int i = 1; i <= 5; i++) {
            JsonNode reply = json(agentPost(token, "/api/v1/tickets/" + ticket + "/reply", "{\"text\":\"第" + i + "条回复\"}"));
            assertThat(reply.get("sentVia").asText()).as("reply " + i).isEqualTo("wechat");
            deliver();
            assertThat(delivery(ticket)).as("reply " + i).isEqualTo("sent");
        }
        JsonNode sixth = json(agentPost(token, "/api/v1/tickets/" + ticket + "/reply", "{\"text\":\"第6条回复\"}"));
        assertThat(sixth.get("sentVia").asText()).as("the quota is used up: as outside the window").isEqualTo("sms");
        deliver();
        assertThat(delivery(ticket)).isEqualTo("sent");
        assertThat(texts.to(phone)).containsExactly("第6条回复");
        assertThat(wechat.sentTo(openId)).extracting(FakeWeChatApi.Sent::content).hasSize(5).doesNotContain("第6条回复");
        // The customer writes again: the quota starts over, and replies go by WeChat again.
        assertThat(say(openId, "收到")).isNull();
        assertThat(json(agentPost(token, "/api/v1/tickets/" + ticket + "/reply", "{\"text\":\"第7条回复\"}"))
                .get("sentVia").asText()).isEqualTo("wechat");

        String noPhone = newOpenId();
        assertThat(say(noPhone, "人工客服")).startsWith("已为您转接人工客服");
        long other = ticketOf(noPhone);
        for (int i = 1; i <= 6; i++) {
            agentPost(token, "/api/v1/tickets/" + other + "/reply", "{\"text\":\"回复" + i + "\"}");
            deliver();
            assertThat(delivery(other)).as("reply " + i + " is delivered, not failed").isEqualTo("sent");
        }
        assertThat(wechat.sentTo(noPhone)).last().satisfies(sent -> {
            assertThat(sent.kind()).isEqualTo("template");
            assertThat(sent.data().get("first")).isEqualTo("回复6");
        });
        assertThat(wechat.sentTo(noPhone).stream().filter(s -> s.kind().equals("custom"))).hasSize(5);
    }

    /** Runs the outbound queue a few times, as its background loop would. */
    private void deliver() {
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(2));
            app.app().outbox().runOnce();
        }
    }

    /** The delivery state of the latest reply on a ticket. */
    private String delivery(long ticket) {
        return app.jdbi().withHandle(h -> h.createQuery(
                "SELECT delivery FROM ticket_message WHERE ticket_id = :t AND kind = 'reply' ORDER BY id DESC")
                .bind("t", ticket).mapTo(String.class).first());
    }

    private long ticketOf(String address) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT id FROM ticket WHERE address = :a")
                .bind("a", address).mapTo(Long.class).one());
    }

    private HttpResponse<String> agentPost(String token, String path, String body) {
        return app.sendBearer(token, "POST", path, body);
    }

    private String say(String openId, String content) throws Exception {
        wechat.customerWrote(openId);
        return exchange(text(openId, content));
    }

    private String voice(String openId, String recognition) throws Exception {
        Map<String, String> message = base(openId, "voice");
        message.put("MediaId", "media-1");
        message.put("Format", "amr");
        message.put("Recognition", recognition);
        message.put("MsgId", String.valueOf(msgIds.incrementAndGet()));
        return exchange(message);
    }

    private String image(String openId) throws Exception {
        Map<String, String> message = base(openId, "image");
        message.put("PicUrl", "http://mmbiz.qpic.cn/x.jpg");
        message.put("MediaId", "media-2");
        message.put("MsgId", String.valueOf(msgIds.incrementAndGet()));
        return exchange(message);
    }

    private String event(String openId, String event, String key) throws Exception {
        Map<String, String> message = base(openId, "event");
        message.put("Event", event);
        if (key != null) {
            message.put("EventKey", key);
        }
        clock.advance(Duration.ofSeconds(1));
        message.put("CreateTime", String.valueOf(clock.instant().getEpochSecond()));
        return exchange(message);
    }

    private Map<String, String> text(String openId, String content) {
        Map<String, String> message = base(openId, "text");
        message.put("Content", content);
        message.put("MsgId", String.valueOf(msgIds.incrementAndGet()));
        return message;
    }

    private Map<String, String> base(String openId, String type) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("ToUserName", "gh_demo");
        message.put("FromUserName", openId);
        message.put("CreateTime", String.valueOf(clock.instant().getEpochSecond()));
        message.put("MsgType", type);
        return message;
    }

    /** Pushes the message encrypted, as in safe mode, and returns the decrypted passive reply's text, or null. */
    private String exchange(Map<String, String> message) throws Exception {
        HttpResponse<String> response = pushEncrypted(message);
        assertThat(response.statusCode()).isEqualTo(200);
        return passiveReply(message, response);
    }

    /** A push as WeChat makes it in safe mode: a new nonce, the clock's time, the message encrypted. */
    private HttpResponse<String> pushEncrypted(Map<String, String> message) {
        String encrypt = crypto.encrypt(WeChatXml.write(message));
        return pushEncrypted(encrypt, message.get("FromUserName"));
    }

    private HttpResponse<String> pushEncrypted(String encrypt, String openId) {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String nonce = String.valueOf(nonces.incrementAndGet());
        return post(WeChatXml.write(Map.of("ToUserName", "gh_demo", "Encrypt", encrypt)),
                "signature=" + signature.sign(timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                        + "&openid=" + openId + "&encrypt_type=aes&msg_signature=" + signature.sign(timestamp, nonce, encrypt));
    }

    private String passiveReply(Map<String, String> message, HttpResponse<String> response) throws Exception {
        if (response.body().equals("success")) {
            return null;
        }
        Map<String, String> envelope = WeChatXml.parse(WeChatXml.bytes(response.body()));
        assertThat(signature.verify(envelope.get("MsgSignature"), envelope.get("TimeStamp"), envelope.get("Nonce"),
                envelope.get("Encrypt"))).isTrue();
        Map<String, String> reply = WeChatXml.parse(WeChatXml.bytes(crypto.decrypt(envelope.get("Encrypt"))));
        assertThat(reply.get("ToUserName")).isEqualTo(message.get("FromUserName"));
        return reply.get("Content");
    }

    private static void assertBadRequest(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("invalid_message");
        assertThat(body.get("message").asText()).contains(field);
        assertThat(body.get("details").get(0).get("field").asText()).isEqualTo(field);
    }

    private long count(String sql) {
        return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private HttpResponse<String> post(String xml, String query) {
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/wechat/demo?" + query))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(xml)).build());
    }

    private JsonNode survey(String invitationId) {
        String token = app.jdbi().withHandle(h -> h.createQuery("SELECT token FROM survey_invitation WHERE id = :id")
                .bind("id", invitationId).mapTo(String.class).one());
        return json(app.get("/api/v1/surveys/" + token));
    }

    private String status(String invitationId) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT status FROM survey_invitation WHERE id = :id")
                .bind("id", invitationId).mapTo(String.class).one());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String newOpenId() {
        return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
    }

}
