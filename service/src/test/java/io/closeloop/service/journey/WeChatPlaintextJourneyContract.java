package io.closeloop.service.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.channels.testing.FakeWeChatApi;
import io.closeloop.channels.wechat.WeChatSignature;
import io.closeloop.channels.wechat.WeChatXml;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.config.WeChatConfig;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * WeChat's plaintext mode, end to end: the signature covers the token, timestamp and nonce but not the body, so
 * what stands between a captured request and a forged one is the age of its timestamp and the memory of its nonce.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WeChatPlaintextJourneyContract {

    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String APP_ID = "wx5555666677778888";
    private static final String TOKEN = "plaintext-wechat-token";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private final WeChatSignature signature = new WeChatSignature(TOKEN);
    private final AtomicLong msgIds = new AtomicLong(24_600_000_000_000_000L);
    private final AtomicLong nonces = new AtomicLong(2_000_000_000L);
    private FakeWeChatApi wechat;
    private TestDatabase database;
    private TestApp app;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void start() {
        wechat = new FakeWeChatApi(APP_ID, "plaintext-secret");
        database = TestDatabase.create(kind());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("wechat.enabled", "true");
        settings.put("wechat.apiBaseUrl", wechat.baseUri().toString());
        settings.put("wechat.accounts[0].token", TOKEN);
        settings.put("wechat.accounts[0].appId", APP_ID);
        settings.put("wechat.accounts[0].appSecret", "plaintext-secret");
        settings.put("wechat.accounts[0].mode", "plaintext");
        app = TestApp.start(database, clock, TokenGenerator.secure(), List.of(), settings);
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

    @Test
    void aForgedUnsubscribeWithAMonthOldSignatureIsRefusedAndErasesNothing() {
        String openId = newOpenId();
        purchase(openId);
        // A request WeChat really signed, thirty days ago, carrying a body of the forger's choosing.
        String monthAgo = String.valueOf(clock.instant().minus(Duration.ofDays(30)).getEpochSecond());
        String nonce = nonce();
        HttpResponse<String> forged = post(unsubscribe(openId), query(monthAgo, nonce, openId));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(json(forged).get("code").asText()).isEqualTo("stale_request");
        assertThat(addresses(openId)).isEqualTo(1);
        // A week ahead is no better.
        String nextWeek = String.valueOf(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        assertThat(post(unsubscribe(openId), query(nextWeek, nonce(), openId)).statusCode()).isEqualTo(403);
        assertThat(addresses(openId)).isEqualTo(1);
        // The customer's own unsubscribe, sent now, erases the address.
        assertThat(post(unsubscribe(openId), query(now(), nonce(), openId)).statusCode()).isEqualTo(200);
        assertThat(addresses(openId)).isZero();
    }

    @Test
    void aNonceUsedAgainWithAnotherBodyIsRefused() throws Exception {
        String openId = newOpenId();
        purchase(openId);
        String query = query(now(), nonce(), openId);
        HttpResponse<String> hello = post(text(openId, "你好"), query);
        assertThat(reply(hello)).isEqualTo("感谢您的留言！我们已收到，会尽快回复您。");
        // Someone who saw that request sends its query again with a body of their own.
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> replay = post(unsubscribe(openId), query);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(403);
        assertThat(json(replay).get("code").asText()).isEqualTo("replayed_request");
        assertThat(addresses(openId)).isEqualTo(1);
    }

    @Test
    void weChatsOwnRetryIsAnsweredAsTheFirstDeliveryAndHandledOnce() throws Exception {
        String openId = newOpenId();
        String body = text(openId, "Where is my order?");
        String query = query(now(), nonce(), openId);
        String first = reply(post(body, query));
        clock.advance(Duration.ofSeconds(5));
        String second = reply(post(body, query));
        clock.advance(Duration.ofSeconds(5));
        String third = reply(post(body, query));
        assertThat(List.of(first, second, third)).containsOnly("Thanks for your message! We have received it and will get back to you soon.");
        long handled = app.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM inbound_message WHERE from_address = :a")
                .bind("a", openId).mapTo(Long.class).one());
        assertThat(handled).isEqualTo(1);
    }

    @Test
    void theTextCommandPlaysAWeChatCustomerInPlaintextMode() throws Exception {
        WeChatConfig.Account account = new WeChatConfig.Account("demo", new SecretString(TOKEN), APP_ID,
                new SecretString("plaintext-secret"), null, "plaintext", null, null);
        assertThat(TextCommand.wechat(app.uri("/"), account, newOpenId(), "你好", clock))
                .contains("感谢您的留言！我们已收到，会尽快回复您。");
        assertThat(TextCommand.wechat(app.uri("/"), account, newOpenId(), "Hello there", clock))
                .contains("Thanks for your message! We have received it and will get back to you soon.");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void purchase(String openId) {
        HttpResponse<String> accepted = app.postJsonWithKey("/api/v1/purchases", "{\"orderId\":\"o-" + UUID.randomUUID()
                + "\",\"customer\":{\"externalId\":\"c-" + UUID.randomUUID() + "\",\"wechatOpenId\":\"" + openId
                + "\",\"locale\":\"zh-CN\",\"timeZone\":\"Asia/Shanghai\"},\"purchasedAt\":\""
                + clock.instant().minus(Duration.ofHours(25)) + "\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(addresses(openId)).isEqualTo(1);
    }

    private long addresses(String openId) {
        return app.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM customer_address WHERE address = :a")
                .bind("a", openId).mapTo(Long.class).one());
    }

    private String text(String openId, String content) {
        Map<String, String> message = base(openId, "text");
        message.put("Content", content);
        message.put("MsgId", String.valueOf(msgIds.incrementAndGet()));
        return WeChatXml.write(message);
    }

    private String unsubscribe(String openId) {
        Map<String, String> message = base(openId, "event");
        message.put("Event", "unsubscribe");
        return WeChatXml.write(message);
    }

    private Map<String, String> base(String openId, String type) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("ToUserName", "gh_demo");
        message.put("FromUserName", openId);
        message.put("CreateTime", now());
        message.put("MsgType", type);
        return message;
    }

    private String query(String timestamp, String nonce, String openId) {
        return "signature=" + signature.sign(timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&openid=" + openId;
    }

    private String now() {
        return String.valueOf(clock.instant().getEpochSecond());
    }

    private String nonce() {
        return String.valueOf(nonces.incrementAndGet());
    }

    private static String reply(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WeChatXml.parse(WeChatXml.bytes(response.body())).get("Content");
    }

    private HttpResponse<String> post(String xml, String query) {
        return app.send(HttpRequest.newBuilder(app.uri("/webhooks/wechat/demo?" + query))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(xml)).build());
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
