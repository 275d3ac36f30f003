package io.closeloop.channels.wechat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Refuses replays of signed WeChat pushes. The signature covers only the token, {@code timestamp} and {@code nonce}
 * (and {@code Encrypt} in the AES modes), not the clear body of the plaintext mode: without this check one captured
 * request would sign any body forever. A push is taken only while its timestamp is within the tolerance of the
 * clock, and each (timestamp, nonce) pair is remembered for as long as it could pass that check: the same pair
 * with another body is a replay, the same pair with the very same body is WeChat's own redelivery of a request
 * (it retries unanswered ones after five seconds, three times) and is let through.
 *
 * <p>Memory is bounded: at most {@code capacity} pairs. When full, the oldest pairs are forgotten and every
 * timestamp up to theirs is refused from then on, so a forgotten pair can never be replayed; only an overload
 * larger than the capacity within the tolerance refuses genuine pushes. One guard per account, thread-safe.
 */
public final class WeChatReplayGuard {

    /** What to do with a push. */
    public enum Verdict {
        /** A request not seen before: handle it. */
        FRESH,
        /** The same request again (same timestamp, nonce and body): answer it as the first. */
        REDELIVERY,
        /** The timestamp is missing, not a number, or too far from the clock. */
        STALE,
        /** The nonce was used with another body. */
        REPLAY
    }

    private record Pair(long timestamp, String nonce) {
    }

    private static final Comparator<Pair> ORDER = Comparator.comparingLong(Pair::timestamp).thenComparing(Pair::nonce);

    private final Duration tolerance;
    private final int capacity;
    private final Clock clock;
    private final TreeMap<Pair, byte[]> seen = new TreeMap<>(ORDER);
    /** Timestamps at or below this one were forgotten for lack of room, and are refused. */
    private long forgottenUpTo = Long.MIN_VALUE;

    public WeChatReplayGuard(Duration tolerance, int capacity, Clock clock) {
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tolerance.isNegative() || capacity < 1) {
            throw new IllegalArgumentException("the tolerance must not be negative and the capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Call only for a push whose signature is valid: an unsigned request must not take a nonce from WeChat. */
    public Verdict check(String timestamp, String nonce, byte[] body) {
        long now = clock.instant().getEpochSecond();
        long window = tolerance.getSeconds();
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp);
        } catch (NumberFormatException e) {
            seconds = Long.MIN_VALUE;
        }
        byte[] digest = sha256(body);
        synchronized (seen) {
            while (!seen.isEmpty() && seen.firstKey().timestamp() < now - window) {
                seen.pollFirstEntry();
            }
            if (seconds < now - window || seconds > now + window || seconds <= forgottenUpTo) {
                return Verdict.STALE;
            }
            Pair pair = new Pair(seconds, nonce == null ? "" : nonce);
            byte[] earlier = seen.get(pair);
            if (earlier != null) {
                return MessageDigest.isEqual(earlier, digest) ? Verdict.REDELIVERY : Verdict.REPLAY;
            }
            seen.put(pair, digest);
            while (seen.size() > capacity) {
                forgottenUpTo = Math.max(forgottenUpTo, seen.pollFirstEntry().getKey().timestamp());
            }
            return seconds <= forgottenUpTo ? Verdict.STALE : Verdict.FRESH;
        }
    }

    /** How many pairs are remembered now. */
    int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
