package io.closeloop.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * WARN lines that a client can cause by the thousand (rejected webhooks): at most one line per kind and interval.
 * The first line of the next interval says how many lines of its kind were left out since the last one written.
 * Arguments are written as given: mask personal data before passing it.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One kind of line: when the next may be written, and how many were left out since the last. */
    private static final class Window {
        Instant nextLine = Instant.MIN;
        long suppressed;
    }

    public RateLimitedLog(Logger logger, Duration interval, Clock clock) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive");
        }
    }

    /**
     * Writes the line unless one of the same kind was written within the interval.
     *
     * @param kind   what the line is about ("twilio.signature"); lines of one kind are counted together
     * @param format an SLF4J format
     */
    public void warn(String kind, String format, Object... arguments) {
        if (!logger.isWarnEnabled()) {
            return;
        }
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long suppressed;
        Instant now = clock.instant();
        synchronized (window) {
            if (now.isBefore(window.nextLine)) {
                window.suppressed++;
                return;
            }
            suppressed = window.suppressed;
            window.suppressed = 0;
            window.nextLine = now.plus(interval);
        }
        if (suppressed == 0) {
            logger.warn(format, arguments);
        } else {
            Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = suppressed;
            logger.warn(format + " ({} more like it not logged since the last such line)", withCount);
        }
    }
}
