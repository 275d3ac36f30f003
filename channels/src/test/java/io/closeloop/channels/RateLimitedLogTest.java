package io.closeloop.channels;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.closeloop.channels.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), clock);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.WARN);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodWritesOneLinePerIntervalAndTheNextSaysHowManyWereLeftOut() {
        // 1,000 rejected requests in ten seconds.
        for (int i = 0; i < 1000; i++) {
            log.warn("twilio.signature", "Rejected a Twilio webhook from {}", PersonalData.mask("+8613800138000"));
            clock.advance(Duration.ofMillis(9));
        }
        assertThat(messages()).containsExactly("Rejected a Twilio webhook from +86*******8000");
        clock.advance(Duration.ofSeconds(1));
        log.warn("twilio.signature", "Rejected a Twilio webhook from {}", PersonalData.mask("+8613900139000"));
        assertThat(messages()).containsExactly("Rejected a Twilio webhook from +86*******8000",
                "Rejected a Twilio webhook from +86*******9000 (999 more like it not logged since the last such line)");
        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    }

    @Test
    void kindsAreLimitedSeparatelyAndAQuietSpellLogsEveryLineAgain() {
        log.warn("wechat.signature", "bad signature for {}", "demo");
        log.warn("wechat.stale", "stale timestamp for {}", "demo");
        log.warn("wechat.signature", "bad signature for {}", "demo");
        assertThat(messages()).containsExactly("bad signature for demo", "stale timestamp for demo");
        clock.advance(Duration.ofSeconds(10));
        log.warn("wechat.signature", "bad signature for {}", "shop");
        clock.advance(Duration.ofSeconds(10));
        log.warn("wechat.signature", "bad signature for {}", "demo");
        assertThat(messages()).containsExactly("bad signature for demo", "stale timestamp for demo",
                "bad signature for shop (1 more like it not logged since the last such line)", "bad signature for demo");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
