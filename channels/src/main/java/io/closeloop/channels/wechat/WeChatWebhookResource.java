package io.closeloop.channels.wechat;

import io.closeloop.channels.Channel;
import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.RateLimitedLog;
import io.closeloop.channels.Reply;
import io.closeloop.channels.WebhookFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's message push for each configured official account: {@code GET} is the URL check, {@code POST}
 * carries messages and events. Signatures are checked first (403 otherwise), then the timestamp (within
 * {@link #TIMESTAMP_TOLERANCE} of the clock) and the nonce (not used before with another body, see
 * {@link WeChatReplayGuard}); encrypted messages are decrypted and checked to be for this account's appId, the
 * XML parsed with DTDs refused, and fields the handler could not store refused with 400.
 *
 * <p>The five-second rule: a message is handled once, whatever the number of deliveries (WeChat retries
 * after five seconds, three tries in all, and a retry can arrive while the first is still being handled).
 * Every delivery waits for that one handling up to the budget. A reply ready in time is answered passively
 * (encrypted in the AES modes); otherwise the delivery is answered {@code success} at once and the reply,
 * when ready, goes out once through the customer-service message API.
 */
@Path("/webhooks/wechat/{account}")
public final class WeChatWebhookResource {

    private static final Logger LOG = LoggerFactory.getLogger(WeChatWebhookResource.class);
    /** How long a handled message is remembered here to answer WeChat's retries consistently. */
    private static final Duration REMEMBER = Duration.ofMinutes(2);
    /** How far a push's timestamp may be from our clock: WeChat retries within 15 s; the rest is clock skew. */
    public static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    /**
     * The (timestamp, nonce) pairs remembered per account, about 17 MB when full (170 bytes each). Past 333 pushes a
     * second the oldest are forgotten and their timestamps refused: the tolerance shrinks to 100,000 / rate seconds,
     * still above WeChat's 15 s of retries up to 5,000 pushes a second.
     */
    private static final int REMEMBERED_NONCES = 100_000;
    /** A CreateTime further than this from the clock is no message WeChat sent now. */
    private static final Duration CREATE_TIME_TOLERANCE = Duration.ofDays(1);
    private static final Duration REJECTION_LOG_INTERVAL = Duration.ofSeconds(10);

    private final Map<String, WeChatAccount> accounts;
    private final InboundHandler handler;
    private final ExecutorService executor;
    private final Duration budget;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<String, WeChatReplayGuard> replayGuards;
    private final RateLimitedLog rejections;
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    /** One message being handled, or handled recently, and whether its reply went out through the API. */
    private static final class InFlight {
        final CompletableFuture<Optional<Reply>> reply;
        final AtomicBoolean viaApi = new AtomicBoolean();
        final long startedNanos = System.nanoTime();

        InFlight(CompletableFuture<Optional<Reply>> reply) {
            this.reply = reply;
        }
    }

    public WeChatWebhookResource(List<WeChatAccount> accounts, InboundHandler handler, ExecutorService executor,
            Duration budget, Clock clock) {
        Map<String, WeChatAccount> byName = new LinkedHashMap<>();
        accounts.forEach(a -> byName.put(a.name(), a));
        this.accounts = Map.copyOf(byName);
        this.handler = handler;
        this.executor = executor;
        this.budget = budget;
        this.clock = clock;
        Map<String, WeChatReplayGuard> guards = new LinkedHashMap<>();
        accounts.forEach(a -> guards.put(a.name(), new WeChatReplayGuard(TIMESTAMP_TOLERANCE, REMEMBERED_NONCES, clock)));
        this.replayGuards = Map.copyOf(guards);
        this.rejections = new RateLimitedLog(LOG, REJECTION_LOG_INTERVAL, clock);
    }

    /** The URL check WeChat makes when the webhook is configured. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response check(@PathParam("account") String name, @QueryParam("signature") String signature,
            @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
            @QueryParam("echostr") String echo) {
        WeChatAccount account = accounts.get(name);
        if (account == null) {
            return error(404, "unknown_account", "No WeChat account has this address.");
        }
        if (echo == null || !account.signature().verify(signature, timestamp, nonce)) {
            rejections.warn("wechat.url-check", "Rejected a WeChat URL check for account {}: bad signature", name);
            return error(403, "invalid_signature", "The request is not signed with this account's token.");
        }
        return Response.ok(echo, MediaType.TEXT_PLAIN_TYPE).build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_XML, MediaType.TEXT_PLAIN})
    public Response push(@PathParam("account") String name, @QueryParam("signature") String signature,
            @QueryParam("msg_signature") String msgSignature, @QueryParam("timestamp") String timestamp,
            @QueryParam("nonce") String nonce, @QueryParam("encrypt_type") String encryptType,
            @QueryParam("openid") String openIdParam, byte[] body) {
        long received = System.nanoTime();
        WeChatAccount account = accounts.get(name);
        if (account == null) {
            return error(404, "unknown_account", "No WeChat account has this address.");
        }
        byte[] raw = body == null ? new byte[0] : body;
        Map<String, String> envelope;
        try {
            envelope = WeChatXml.parse(raw);
        } catch (WeChatXml.MalformedException e) {
            return error(400, "malformed_xml", "The body is not a WeChat XML message: " + e.getMessage() + ".");
        }
        boolean encrypted = "aes".equalsIgnoreCase(encryptType)
                || envelope.containsKey("Encrypt") && account.mode() == WeChatAccount.Mode.SAFE;
        Map<String, String> message;
        if (encrypted) {
            if (account.crypto().isEmpty() || account.mode() == WeChatAccount.Mode.PLAINTEXT) {
                return error(403, "encryption_not_configured", "This account does not take encrypted messages.");
            }
            String cipherText = envelope.get("Encrypt");
            if (!account.signature().verify(msgSignature, timestamp, nonce, cipherText)) {
                return rejected(name, openIdParam, envelope);
            }
            Optional<Response> replayed = replayed(account, timestamp, nonce, raw, openIdParam, envelope);
            if (replayed.isPresent()) {
                return replayed.get();
            }
            try {
                message = WeChatXml.parse(WeChatXml.bytes(account.crypto().get().decrypt(cipherText)));
            } catch (WeChatCrypto.InvalidMessageException e) {
                rejections.warn("wechat.decrypt", "Rejected an encrypted WeChat message for account {}: {}", name, e.getMessage());
                return error(403, "invalid_message", "The encrypted message is not for this account.");
            } catch (WeChatXml.MalformedException e) {
                return error(400, "malformed_xml", "The decrypted message is not WeChat XML.");
            }
        } else {
            if (account.mode() == WeChatAccount.Mode.SAFE) {
                return error(403, "encryption_required", "This account takes encrypted messages only.");
            }
            if (!account.signature().verify(signature, timestamp, nonce)) {
                return rejected(name, openIdParam, envelope);
            }
            Optional<Response> replayed = replayed(account, timestamp, nonce, raw, openIdParam, envelope);
            if (replayed.isPresent()) {
                return replayed.get();
            }
            message = envelope;
        }
        String openId = message.get("FromUserName");
        String type = message.getOrDefault("MsgType", "");
        String msgId = message.getOrDefault("MsgId", "").strip();
        String createTime = message.getOrDefault("CreateTime", "").strip();
        Optional<Instant> createdAt = createdAt(createTime);
        Optional<Response> invalid = new WebhookFields()
                .check(openId != null && !openId.isBlank(), "FromUserName", "required")
                .atMost("FromUserName", openId, InboundMessage.MAX_FROM)
                .check(!type.isBlank(), "MsgType", "required")
                .check(msgId.isEmpty() || isUnsigned64(msgId), "MsgId", "a 64-bit number")
                .check(createTime.isEmpty() || createdAt.isPresent(), "CreateTime",
                        "seconds since 1970, within a day of now")
                .badRequest("invalid_message");
        if (invalid.isPresent()) {
            rejections.warn("wechat.fields", "Refused a signed WeChat message for account {} from {}: fields missing, "
                    + "too long or not numbers", name, PersonalData.maskInput(openId == null ? "?" : openId));
            return invalid.get();
        }
        String key = msgId.isEmpty() ? eventKey(openId, createTime) : msgId;
        InboundMessage inbound = new InboundMessage(Channel.WECHAT, account.name(), key, openId, text(message),
                createdAt.orElseGet(clock::instant), message);

        InFlight handling = inFlight.computeIfAbsent(account.name() + "|" + key,
                k -> new InFlight(CompletableFuture.supplyAsync(() -> handler.handle(inbound), executor)));
        forgetOld();
        Duration left = budget.minusNanos(System.nanoTime() - received);
        Optional<Reply> reply;
        try {
            reply = handling.reply.get(Math.max(left.toMillis(), 0), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (handling.viaApi.compareAndSet(false, true)) {
                handling.reply.thenAcceptAsync(ready -> ready.ifPresent(r -> sendLater(account, openId, r)), executor);
            }
            return success();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return success();
        } catch (ExecutionException e) {
            LOG.error("Handling WeChat message {} for account {} failed", key, name, PersonalData.scrub(e.getCause()));
            inFlight.remove(account.name() + "|" + key);
            return error(500, "internal_error", "The message could not be handled; WeChat will try again.");
        }
        if (reply.isEmpty() || handling.viaApi.get()) {
            return success();
        }
        return Response.ok(passive(account, message, reply.get().text(), encrypted), MediaType.APPLICATION_XML_TYPE).build();
    }

    private void sendLater(WeChatAccount account, String openId, Reply reply) {
        try {
            account.api().sendText(openId, reply.text());
        } catch (RuntimeException e) {
            LOG.warn("A late reply to {} could not be sent through WeChat's API: {}", PersonalData.mask(openId),
                    PersonalData.scrub(e.getMessage()));
        }
    }

    /** The passive reply: the same envelope with To and From swapped; encrypted when the message was. */
    private String passive(WeChatAccount account, Map<String, String> message, String text, boolean encrypted) {
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("ToUserName", message.get("FromUserName"));
        reply.put("FromUserName", message.getOrDefault("ToUserName", ""));
        reply.put("CreateTime", String.valueOf(clock.instant().getEpochSecond()));
        reply.put("MsgType", "text");
        reply.put("Content", text);
        String xml = WeChatXml.write(reply);
        if (!encrypted) {
            return xml;
        }
        String encrypt = account.crypto().orElseThrow().encrypt(xml);
        String ours = String.valueOf(clock.instant().getEpochSecond());
        String nonce = String.valueOf(1_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("Encrypt", encrypt);
        envelope.put("MsgSignature", account.signature().sign(ours, nonce, encrypt));
        envelope.put("TimeStamp", ours);
        envelope.put("Nonce", nonce);
        return WeChatXml.write(envelope);
    }

    /** Text messages by their content, voice messages by WeChat's recognition of them; others carry none. */
    private static String text(Map<String, String> message) {
        return switch (message.getOrDefault("MsgType", "")) {
            case "text" -> message.getOrDefault("Content", "");
            case "voice" -> message.getOrDefault("Recognition", "");
            default -> "";
        };
    }

    /** A CreateTime near now; empty for anything else, including a number no database column can hold. */
    private Optional<Instant> createdAt(String createTime) {
        if (!createTime.matches("[0-9]{1,19}")) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(createTime);
            long now = clock.instant().getEpochSecond();
            return Math.abs(seconds - now) <= CREATE_TIME_TOLERANCE.getSeconds()
                    ? Optional.of(Instant.ofEpochSecond(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isUnsigned64(String value) {
        if (!value.matches("[0-9]{1,20}")) {
            return false;
        }
        try {
            Long.parseUnsignedLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Events have no MsgId: WeChat's own key is FromUserName + CreateTime. A long OpenID would make that longer than
     * the handler stores, so such a key is replaced by its SHA-256 (as long as the column, and as unique).
     */
    static String eventKey(String openId, String createTime) {
        String key = openId + ":" + createTime;
        if (key.length() <= InboundMessage.MAX_EXTERNAL_ID) {
            return key;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** A stale timestamp, or a nonce already used with another body: 403, and nothing is handled. */
    private Optional<Response> replayed(WeChatAccount account, String timestamp, String nonce, byte[] body,
            String openIdParam, Map<String, String> envelope) {
        WeChatReplayGuard.Verdict verdict = replayGuards.get(account.name()).check(timestamp, nonce, body);
        String openId = PersonalData.maskInput(openIdParam != null ? openIdParam : envelope.getOrDefault("FromUserName", "?"));
        return switch (verdict) {
            case FRESH, REDELIVERY -> Optional.empty();
            case STALE -> {
                rejections.warn("wechat.stale", "Rejected a WeChat message for account {} from {}: its timestamp is missing "
                        + "or more than {} minutes from now", account.name(), openId, TIMESTAMP_TOLERANCE.toMinutes());
                yield Optional.of(error(403, "stale_request", "The request's timestamp is more than "
                        + TIMESTAMP_TOLERANCE.toMinutes() + " minutes from the service's clock."));
            }
            case REPLAY -> {
                rejections.warn("wechat.replay", "Rejected a WeChat message for account {} from {}: nonce used before with another body",
                        account.name(), openId);
                yield Optional.of(error(403, "replayed_request", "The request's nonce was used before for another message."));
            }
        };
    }

    /** Sweeps at most once a second: a sweep walks every message of the last two minutes. */
    private void forgetOld() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < 1_000_000_000L || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        long cutoff = now - REMEMBER.toNanos();
        inFlight.entrySet().removeIf(e -> e.getValue().reply.isDone() && e.getValue().startedNanos < cutoff);
    }

    /** The OpenID comes from the query (safe mode) or the clear envelope, and is logged masked. */
    private Response rejected(String account, String openIdParam, Map<String, String> envelope) {
        String openId = openIdParam != null ? openIdParam : envelope.getOrDefault("FromUserName", "?");
        rejections.warn("wechat.signature", "Rejected a WeChat message for account {} from {}: bad signature", account,
                PersonalData.maskInput(openId));
        return error(403, "invalid_signature", "The request is not signed with this account's token.");
    }

    /** WeChat takes exactly "success" (or an empty body) as "received, nothing to say". */
    private static Response success() {
        return Response.ok("success", MediaType.TEXT_PLAIN_TYPE).build();
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", code, "message", message, "details", List.of())).build();
    }
}
