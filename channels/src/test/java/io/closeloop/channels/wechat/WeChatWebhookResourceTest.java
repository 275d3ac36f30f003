package io.closeloop.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.Reply;
import io.closeloop.channels.testing.FakeWeChatApi;
import io.closeloop.channels.testing.ManualClock;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The five-second rule, deduplication and the three modes, with the resource called as WeChat calls it. */
class WeChatWebhookResourceTest {

    private static final String TOKEN = "wechat-token";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String APP_ID = "wxb11529c136998cb6";

    /** WeChat's clock and ours: the pushes carry its time as their timestamp. */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final AtomicLong nonces = new AtomicLong(486_452_656L);
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
        return new WeChatWebhookResource(List.of(account), echo, executor, budget, clock);
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
        Push push = encrypted(text("oUser", "hello", "2002"));
        List<CompletableFuture<Response>> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.add(CompletableFuture.supplyAsync(() -> push.to(resource)));
        }
        for (CompletableFuture<Response> delivery : deliveries) {
            Response response = delivery.join();
            Map<String, String> envelope = WeChatXml.parse(WeChatXml.bytes((String) response.getEntity()));
            assertThat(WeChatXml.parse(WeChatXml.bytes(crypto.decrypt(envelope.get("Encrypt")))))
                    .containsEntry("Content", "you said: hello");
        }
        clock.advance(Duration.ofSeconds(5));
        push.to(resource);
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void aReplyThatMissesTheBudgetIsAcknowledgedAndSentOnceThroughTheApi() throws Exception {
        handlingMillis = 600;
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.SAFE, Duration.ofMillis(150));
        Push push = encrypted(text("oSlow", "slow question", "3003"));
        Response first = push.to(resource);
        assertThat(first.getEntity()).isEqualTo("success");
        clock.advance(Duration.ofSeconds(5));
        Response retry = push.to(resource);
        assertThat(retry.getEntity()).isEqualTo("success");
        for (int i = 0; i < 50 && api.sentTo("oSlow").isEmpty(); i++) {
            sleep(50);
        }
        sleep(200);
        assertThat(api.sentTo("oSlow")).singleElement()
                .satisfies(sent -> assertThat(sent.content()).isEqualTo("you said: slow question"));
        // A retry after the reply went through the API is not answered a second time.
        clock.advance(Duration.ofSeconds(5));
        assertThat(push.to(resource).getEntity()).isEqualTo("success");
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void eventsAreDeduplicatedBySenderAndTime() throws Exception {
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.PLAINTEXT, Duration.ofSeconds(4));
        Map<String, String> event = new LinkedHashMap<>();
        event.put("ToUserName", "gh_demo");
        event.put("FromUserName", "oEvent");
        event.put("CreateTime", now());
        event.put("MsgType", "event");
        event.put("Event", "subscribe");
        pushPlain(resource, event);
        pushPlain(resource, event);
        assertThat(handled.get()).isEqualTo(1);
        assertThat(seen.get(0).externalId()).isEqualTo("oEvent:" + now());
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

        String timestamp = now();
        String nonce = nonce();
        byte[] body = WeChatXml.bytes(WeChatXml.write(text("oBad", "x", "5005")));
        assertThat(resource.push("demo", "f".repeat(40), null, timestamp, nonce, null, null, body).getStatus()).isEqualTo(403);
        String sig = signature.sign(timestamp, nonce);
        assertThat(resource.push("demo", sig, null, timestamp, nonce(), null, null, WeChatXml.bytes("<!DOCTYPE xml><xml/>")).getStatus())
                .isEqualTo(400);
        // Safe mode takes no clear text.
        assertThat(resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4)).push("demo", sig, null, timestamp, nonce, null, null, body)
                .getStatus()).isEqualTo(403);
        // A message encrypted for another appId is refused.
        String foreign = new WeChatCrypto(AES_KEY, "wx0000000000000000").encrypt(WeChatXml.write(text("oBad", "x", "6006")));
        Map<String, String> envelope = Map.of("ToUserName", "gh_demo", "Encrypt", foreign);
        assertThat(resource.push("demo", null, signature.sign(timestamp, nonce, foreign), timestamp, nonce(), "aes", null,
                WeChatXml.bytes(WeChatXml.write(envelope))).getStatus()).isEqualTo(403);
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void aForgedUnsubscribeWithAMonthOldSignatureIsRefusedInEveryMode() {
        String monthAgo = String.valueOf(clock.instant().minus(Duration.ofDays(30)).getEpochSecond());
        String nextWeek = String.valueOf(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        Map<String, String> unsubscribe = new LinkedHashMap<>();
        unsubscribe.put("ToUserName", "gh_demo");
        unsubscribe.put("FromUserName", "oVictim");
        unsubscribe.put("CreateTime", now());
        unsubscribe.put("MsgType", "event");
        unsubscribe.put("Event", "unsubscribe");
        byte[] clear = WeChatXml.bytes(WeChatXml.write(unsubscribe));
        for (String timestamp : List.of(monthAgo, nextWeek)) {
            String nonce = nonce();
            Response plain = resource(WeChatAccount.Mode.PLAINTEXT, Duration.ofSeconds(4))
                    .push("demo", signature.sign(timestamp, nonce), null, timestamp, nonce, null, null, clear);
            assertRefused(plain, "stale_request");
            Response compatible = resource(WeChatAccount.Mode.COMPATIBLE, Duration.ofSeconds(4))
                    .push("demo", signature.sign(timestamp, nonce), null, timestamp, nonce, null, null, clear);
            assertRefused(compatible, "stale_request");
            String encrypt = crypto.encrypt(WeChatXml.write(unsubscribe));
            byte[] envelope = WeChatXml.bytes(WeChatXml.write(Map.of("ToUserName", "gh_demo", "Encrypt", encrypt)));
            Response safe = resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4)).push("demo", signature.sign(timestamp, nonce),
                    signature.sign(timestamp, nonce, encrypt), timestamp, nonce, "aes", null, envelope);
            assertRefused(safe, "stale_request");
        }
        assertThat(handled.get()).isZero();
    }

    @Test
    void aNonceUsedAgainWithAnotherBodyIsRefusedButWeChatsOwnRetryIsAnswered() throws Exception {
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.PLAINTEXT, Duration.ofSeconds(4));
        Push hello = plain(text("oCustomer", "hello", "7007"));
        Response first = hello.to(resource);
        assertThat(WeChatXml.parse(WeChatXml.bytes((String) first.getEntity()))).containsEntry("Content", "you said: hello");
        // WeChat did not get the answer in time and sends the very same request again.
        clock.advance(Duration.ofSeconds(5));
        Response retry = hello.to(resource);
        assertThat(WeChatXml.parse(WeChatXml.bytes((String) retry.getEntity()))).containsEntry("Content", "you said: hello");
        // Someone who saw that request reuses its signature, timestamp and nonce for a body of their own.
        Map<String, String> forged = text("oCustomer", "STOP", "7008");
        Response replay = new Push(hello.signature(), null, hello.timestamp(), hello.nonce(), null,
                WeChatXml.bytes(WeChatXml.write(forged))).to(resource);
        assertRefused(replay, "replayed_request");
        assertThat(handled.get()).isEqualTo(1);
        // The same in safe mode: a captured Encrypt cannot be swapped under a used nonce either.
        WeChatWebhookResource safe = resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4));
        Push encryptedHello = encrypted(text("oCustomer", "hi", "7009"));
        assertThat(encryptedHello.to(safe).getStatus()).isEqualTo(200);
        String other = crypto.encrypt(WeChatXml.write(text("oCustomer", "other", "7010")));
        Response swapped = safe.push("demo", encryptedHello.signature(), signature.sign(encryptedHello.timestamp(),
                encryptedHello.nonce(), other), encryptedHello.timestamp(), encryptedHello.nonce(), "aes", null,
                WeChatXml.bytes(WeChatXml.write(Map.of("ToUserName", "gh_demo", "Encrypt", other))));
        assertRefused(swapped, "replayed_request");
        assertThat(handled.get()).isEqualTo(2);
    }

    @Test
    void fieldsTheHandlerCannotStoreAreRefusedWithA400() throws Exception {
        WeChatWebhookResource resource = resource(WeChatAccount.Mode.PLAINTEXT, Duration.ofSeconds(4));
        assertBadRequest(pushPlain(resource, text("o" + "x".repeat(191), "hi", "8001")), "FromUserName");
        assertBadRequest(pushPlain(resource, text("😀".repeat(100), "hi", "8002")), "FromUserName");
        assertBadRequest(pushPlain(resource, text("oUser", "hi", "9".repeat(100))), "MsgId");
        assertBadRequest(pushPlain(resource, text("oUser", "hi", "18446744073709551616")), "MsgId");
        assertBadRequest(pushPlain(resource, text("oUser", "hi", "12ab")), "MsgId");
        Map<String, String> farFuture = text("oUser", "hi", "8003");
        farFuture.put("CreateTime", "9223372036854775807");
        assertBadRequest(pushPlain(resource, farFuture), "CreateTime");
        Map<String, String> notANumber = text("oUser", "hi", "8004");
        notANumber.put("CreateTime", "yesterday");
        assertBadRequest(pushPlain(resource, notANumber), "CreateTime");
        assertThat(handled.get()).isZero();

        // At the limits: an OpenID of 191 characters, the largest 64-bit MsgId, and an event whose key is kept short.
        String longest = "o" + "x".repeat(190);
        assertThat(pushPlain(resource, text(longest, "hi", "18446744073709551615")).getStatus()).isEqualTo(200);
        Map<String, String> event = new LinkedHashMap<>();
        event.put("ToUserName", "gh_" + "t".repeat(5000));
        event.put("FromUserName", longest);
        event.put("CreateTime", now());
        event.put("MsgType", "event");
        event.put("Event", "CLICK".repeat(1000));
        event.put("EventKey", "K".repeat(5000));
        assertThat(pushPlain(resource, event).getStatus()).isEqualTo(200);
        assertThat(seen).extracting(InboundMessage::externalId).containsExactly("18446744073709551615",
                WeChatWebhookResource.eventKey(longest, now()));
        assertThat(seen.get(1).externalId()).hasSize(InboundMessage.MAX_EXTERNAL_ID)
                .isNotEqualTo(WeChatWebhookResource.eventKey(longest, String.valueOf(clock.instant().getEpochSecond() + 1)));
    }

    @Test
    void aDecryptedLengthFieldThatOverflowsIsRefusedNotA500() {
        String encrypt = WeChatProtocolTest.encryptWithLengthField(AES_KEY, 0x7FFFFFF8, "<xml/>", APP_ID);
        String timestamp = now();
        String nonce = nonce();
        Response response = resource(WeChatAccount.Mode.SAFE, Duration.ofSeconds(4)).push("demo", null,
                signature.sign(timestamp, nonce, encrypt), timestamp, nonce, "aes", null,
                WeChatXml.bytes(WeChatXml.write(Map.of("ToUserName", "gh_demo", "Encrypt", encrypt))));
        assertRefused(response, "invalid_message");
        assertThat(handled.get()).isZero();
    }

    private static void assertRefused(Response response, String code) {
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getEntity()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("code", code);
    }

    private static void assertBadRequest(Response response, String field) {
        assertThat(response.getStatus()).isEqualTo(400);
        Map<?, ?> body = (Map<?, ?>) response.getEntity();
        assertThat(body.get("code")).isEqualTo("invalid_message");
        assertThat((String) body.get("message")).contains(field);
        assertThat((List<?>) body.get("details")).singleElement()
                .satisfies(detail -> assertThat(((Map<?, ?>) detail).get("field")).isEqualTo(field));
    }

    /** One request as WeChat sends it, and sends it again, byte for byte, when it gets no answer in time. */
    private record Push(String signature, String msgSignature, String timestamp, String nonce, String encryptType,
            byte[] body) {
        Response to(WeChatWebhookResource resource) {
            return resource.push("demo", signature, msgSignature, timestamp, nonce, encryptType, null, body);
        }
    }

    private Push encrypted(Map<String, String> message) {
        String encrypt = crypto.encrypt(WeChatXml.write(message));
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("ToUserName", "gh_demo");
        envelope.put("Encrypt", encrypt);
        String timestamp = now();
        String nonce = nonce();
        return new Push(signature.sign(timestamp, nonce), signature.sign(timestamp, nonce, encrypt), timestamp, nonce,
                "aes", WeChatXml.bytes(WeChatXml.write(envelope)));
    }

    private Push plain(Map<String, String> message) {
        String timestamp = now();
        String nonce = nonce();
        return new Push(signature.sign(timestamp, nonce), null, timestamp, nonce, null,
                WeChatXml.bytes(WeChatXml.write(message)));
    }

    private Response pushEncrypted(WeChatWebhookResource resource, Map<String, String> message) {
        return encrypted(message).to(resource);
    }

    private Response pushPlain(WeChatWebhookResource resource, Map<String, String> message) {
        return plain(message).to(resource);
    }

    private String now() {
        return String.valueOf(clock.instant().getEpochSecond());
    }

    private String nonce() {
        return String.valueOf(nonces.incrementAndGet());
    }

    private Map<String, String> text(String openId, String content, String msgId) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("ToUserName", "gh_demo");
        message.put("FromUserName", openId);
        message.put("CreateTime", now());
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
