package io.closeloop.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.Reply;
import io.closeloop.channels.testing.FakeWeChatApi;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The five-second rule, deduplication and the three modes, with the resource called as WeChat calls it. */
class WeChatWebhookResourceTest {

    private static final String TOKEN = "wechat-token";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String APP_ID = "wxb11529c136998cb6";

    private final FakeWeChatApi api = new FakeWeChatApi(APP_ID, "secret");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final WeChatSignature signature = new WeChatSignature(TOKEN);
    private final WeChatCrypto crypto = new WeChatCrypto(AES_KEY, APP_ID);
    private final AtomicInteger handled = new AtomicInteger();
    private final List<InboundMessage> seen = new CopyOnWriteArrayList<>();
    private volatile long handlingMillis;

    private final InboundHandler echo = message -> {
        handled.incrementAndGet();
        seen.add(message);
        sleep(handlingMillis);
        return Optional.of(new Reply("you said: " + message.text()));
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
        api.close();
    }

    private WeChatWebhookResource resource(WeChatAccount.Mode mode, Duration budget) {
        WeChatApi client = new WeChatApi(HttpClient.newHttpClient(), api.baseUri(), APP_ID, "secret", Clock.systemUTC(),
                Duration.ofSeconds(5));
        WeChatAccount account = new WeChatAccount("demo", APP_ID, signature, Optional.of(crypto), mode, client);
        return new WeChatWebhookResource(List.of(account), echo, executor, budget, Clock.systemUTC());
    }

    @Test
    void theUrlCheckEchoesOnlyWithAValidSignature() {
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4));
        Response ok = resource.check("demo", signature.sign("1714037059", "486452656"), "1714037059", "486452656", "echo-123");
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(ok.getEntity()).isEqualTo("echo-123");
        assertThat(resource.check("demo", "0".repeat(40), "1714037059", "486452656", "echo-123").getStatus()).isEqualTo(403);
        assertThat(resource.check("nobody", signature.sign("1", "2"), "1", "2", "x").getStatus()).isEqualTo(404);
    }

    @Test
    void aSafeModeMessageIsAnsweredPassivelyAndEncrypted() throws Exception {
        Response response = pushEncrypted(resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4)), text("oUser", "9", "1001"));
        assertThat(response.getStatus()).isEqualTo(200);
        Map<String, String> envelope = WeChatXml.parse(WeChatXml.bytes((String) response.getEntity()));
        assertThat(signature.verify(envelope.get("MsgSignature"), envelope.get("TimeStamp"), envelope.get("Nonce"),
                envelope.get("Encrypt"))).isTrue();
        Map<String, String> reply = WeChatXml.parse(WeChatXml.bytes(crypto.decrypt(envelope.get("Encrypt"))));
        assertThat(reply).containsEntry("ToUserName", "oUser").containsEntry("FromUserName", "gh_demo")
                .containsEntry("MsgType", "text").containsEntry("Content", "you said: 9");
    }

    @Test
    void retriesAndConcurrentDeliveriesAreHandledOnceAndAllAnswered() throws Exception {
        handlingMillis = 300;
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4));
        Map<String, String> message = text("oUser", "hello", "2002");
        List<CompletableFuture<Response>> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.add(CompletableFuture.supplyAsync(() -> pushEncrypted(resource, message)));
        }
        for (CompletableFuture<Response> delivery : deliveries) {
            Response response = delivery.join();
            Map<String, String> envelope = WeChatXml.parse(WeChatXml.bytes((String) response.getEntity()));
            assertThat(WeChatXml.parse(WeChatXml.bytes(crypto.decrypt(envelope.get("Encrypt")))))
                    .containsEntry("Content", "you said: hello");
        }
        pushEncrypted(resource, message);
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void aReplyThatMissesTheBudgetIsAcknowledgedAndSentOnceThroughTheApi() throws Exception {
        handlingMillis = 600;
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.SAFE, Duration.ofMillis(150));
        Map<String, String> message = text("oSlow", "slow question", "3003");
        Response first = pushEncrypted(resource, message);
        assertThat(first.getEntity()).isEqualTo("success");
        Response retry = pushEncrypted(resource, message);
        assertThat(retry.getEntity()).isEqualTo("success");
        for (int i = 0; i < 50 && api.sentTo("oSlow").isEmpty(); i++) {
            sleep(50);
        }
        sleep(200);
        assertThat(api.sentTo("oSlow")).singleElement()
                .satisfies(sent -> assertThat(sent.content()).isEqualTo("you said: slow question"));
        // A retry after the reply went through the API is not answered a second time.
        assertThat(pushEncrypted(resource, message).getEntity()).isEqualTo("success");
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void eventsAreDeduplicatedBySenderAndTime() throws Exception {
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.PLAINTEXT, Duration.ofSeconds(4));
        Map<String, String> event = new LinkedHashMap<>();
        event.put("ToUserName", "gh_demo");
        event.put("FromUserName", "oEvent");
        event.put("CreateTime", "1714037100");
        event.put("MsgType", "event");
        event.put("Event", "subscribe");
        pushPlain(resource, event);
        pushPlain(resource, event);
        assertThat(handled.get()).isEqualTo(1);
        assertThat(seen.get(0).externalId()).isEqualTo("oEvent:1714037100");
        assertThat(seen.get(0).attributes()).containsEntry("Event", "subscribe");
    }

    @Test
    void voiceIsReadByItsRecognitionAndBadRequestsAreRefused() throws Exception {
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.COMPATIBLE, Duration.ofSeconds(4));
        Map<String, String> voice = text("oVoice", null, "4004");
        voice.put("MsgType", "voice");
        voice.put("Recognition", "非常满意");
        Response response = pushPlain(resource, voice);
        assertThat(WeChatXml.parse(WeChatXml.bytes((String) response.getEntity()))).containsEntry("Content", "you said: 非常满意");

        String timestamp = "1714037059";
        String nonce = "123456";
        byte[] body = WeChatXml.bytes(WeChatXml.write(text("oBad", "x", "5005")));
        assertThat(resource.push("demo", "f".repeat(40), null, timestamp, nonce, null, null, body).getStatus()).isEqualTo(403);
        String sig = signature.sign(timestamp, nonce);
        assertThat(resource.push("demo", sig, null, timestamp, nonce, null, null, WeChatXml.bytes("<!DOCTYPE xml><xml/>")).getStatus())
                .isEqualTo(400);
        // Safe mode takes no clear text.
        assertThat(resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4)).push("demo", sig, null, timestamp, nonce, null, null, body)
                .getStatus()).isEqualTo(403);
        // A message encrypted for another appId is refused.
        String foreign = new WeChatCrypto(AES_KEY, "wx0000000000000000").encrypt(WeChatXml.write(text("oBad", "x", "6006")));
        Map<String, String> envelope = Map.of("ToUserName", "gh_demo", "Encrypt", foreign);
        assertThat(resource.push("demo", null, signature.sign(timestamp, nonce, foreign), timestamp, nonce, "aes", null,
                WeChatXml.bytes(WeChatXml.write(envelope))).getStatus()).isEqualTo(403);
        assertThat(handled.get()).isEqualTo(1);
    }

    private Response pushEncrypted(WeChatWebhookResource resource, Map<String, String> message) {
        String encrypt = crypto.encrypt(WeChatXml.write(message));
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("ToUserName", "gh_demo");
        envelope.put("Encrypt", encrypt);
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        String nonce = "987654321";
        return resource.push("demo", signature.sign(timestamp, nonce), signature.sign(timestamp, nonce, encrypt),
                timestamp, nonce, "aes", null, WeChatXml.bytes(WeChatXml.write(envelope)));
    }

    private Response pushPlain(WeChatWebhookResource resource, Map<String, String> message) {
        String timestamp = "1714037059";
        String nonce = "42";
        return resource.push("demo", signature.sign(timestamp, nonce), null, timestamp, nonce, null, null,
                WeChatXml.bytes(WeChatXml.write(message)));
    }

    private static Map<String, String> text(String openId, String content, String msgId) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("ToUserName", "gh_demo");
        message.put("FromUserName", openId);
        message.put("CreateTime", "1714037059");
        message.put("MsgType", "text");
        if (content != null) {
            message.put("Content", content);
        }
        message.put("MsgId", msgId);
        return message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
