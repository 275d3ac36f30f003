package io.closeloop.service.chat;

import io.closeloop.channels.Channel;
import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.Reply;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.config.SecretString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * The chat panel on the shop's site: a visitor gets a signed, expiring session token (no account, nothing
 * stored until they write), and their messages go through the same conversation engine as SMS and WeChat
 * (the bot, handoff, tickets). What the panel shows, the visitor's messages and every reply, is kept per
 * visitor and read as "messages since id", which is both the polling call and the resynchronisation after a
 * reconnect.
 */
public final class WebChat {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VISITOR = Pattern.compile("v_[A-Za-z0-9_-]{22}");
    private static final int MAX_TEXT = 1600;
    private static final int PAGE = 200;

    /** A visitor's session: the token the panel sends in {@code X-Closeloop-Chat-Token}. */
    public record Session(String token, String visitorId, Instant expiresAt) {
    }

    /** One line of the conversation as the panel shows it; {@code author} is customer, bot or agent. */
    public record Message(long id, String author, String body, Instant createdAt) {
    }

    private final Jdbi jdbi;
    private final InboundHandler conversations;
    private final byte[] secret;
    private final Duration sessionTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public WebChat(Jdbi jdbi, InboundHandler conversations, SecretString secret, Duration sessionTtl, Clock clock) {
        this.jdbi = jdbi;
        this.conversations = conversations;
        this.secret = secret.reveal().getBytes(StandardCharsets.UTF_8);
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    public Session start() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String visitor = "v_" + B64.encodeToString(id);
        Instant expires = now().plus(sessionTtl);
        String payload = visitor + "." + expires.getEpochSecond();
        return new Session(payload + "." + sign(payload), visitor, expires);
    }

    /** The visitor a token stands for; 401 for a token that is missing, forged or expired. */
    public String visitorOf(String token) {
        if (token != null && token.length() <= 200) {
            String[] parts = token.split("\\.");
            if (parts.length == 3 && VISITOR.matcher(parts[0]).matches() && parts[1].matches("[0-9]{1,12}")
                    && MessageDigest.isEqual(sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                            parts[2].getBytes(StandardCharsets.US_ASCII))
                    && now().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[1])))) {
                return parts[0];
            }
        }
        throw new DomainException(401, "chat_session_invalid", "The chat session is missing or has expired; start a new one.");
    }

    /**
     * The visitor writes: handled once per client message id (a retry gets the same answer), then everything
     * from that message on.
     */
    public List<Message> send(String token, String clientMessageId, String text) {
        String visitor = visitorOf(token);
        FieldProblems problems = new FieldProblems();
        if (clientMessageId == null || !CLIENT_ID.matcher(clientMessageId).matches()) {
            problems.add("clientMessageId", "must be 1-64 letters, digits, '-' or '_'");
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            problems.add("text", "must have 1-" + MAX_TEXT + " characters");
        }
        problems.throwIfAny();
        Instant now = now();
        String key = visitor + ":" + clientMessageId;
        // The engine's idempotency key is per visitor, so one visitor can never replay another's message id.
        Optional<Reply> reply = conversations.handle(new InboundMessage(Channel.CHAT, "web", digest(key), visitor,
                text.strip(), now, Map.of()));
        long mine = jdbi.inTransaction(handle -> {
            ChatDao dao = handle.attach(ChatDao.class);
            dao.add(visitor, "customer", text.strip(), "in:" + key, now);
            reply.ifPresent(r -> dao.add(visitor, "bot", r.text(), "bot:" + key, now));
            return dao.idOf("in:" + key).orElseThrow();
        });
        return jdbi.withExtension(ChatDao.class, dao -> dao.since(visitor, mine - 1, PAGE));
    }

    public List<Message> since(String token, long since) {
        String visitor = visitorOf(token);
        return jdbi.withExtension(ChatDao.class, dao -> dao.since(visitor, Math.max(0, since), PAGE));
    }

    /** An agent's reply or the follow-up question, shown in the visitor's panel (once per key). */
    void deliver(String visitorId, String text, String key) {
        jdbi.useExtension(ChatDao.class, dao -> dao.add(visitorId, "agent", text, "out:" + key, now()));
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(String value) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
