package io.closeloop.channels.wechat;

import static io.closeloop.channels.wechat.WeChatReplayGuard.Verdict.FRESH;
import static io.closeloop.channels.wechat.WeChatReplayGuard.Verdict.REDELIVERY;
import static io.closeloop.channels.wechat.WeChatReplayGuard.Verdict.REPLAY;
import static io.closeloop.channels.wechat.WeChatReplayGuard.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WeChatReplayGuardTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final WeChatReplayGuard guard = new WeChatReplayGuard(Duration.ofMinutes(5), 1000, clock);

    @Test
    void timestampsOutsideTheToleranceAreStale() {
        long now = clock.instant().getEpochSecond();
        assertThat(guard.check(String.valueOf(now - Duration.ofDays(30).toSeconds()), "1", body("a"))).isEqualTo(STALE);
        assertThat(guard.check(String.valueOf(now - 301), "2", body("a"))).isEqualTo(STALE);
        assertThat(guard.check(String.valueOf(now + 301), "3", body("a"))).isEqualTo(STALE);
        assertThat(guard.check("1714037059", "4", body("a"))).isEqualTo(STALE);
        assertThat(guard.check("soon", "5", body("a"))).isEqualTo(STALE);
        assertThat(guard.check(null, "6", body("a"))).isEqualTo(STALE);
        assertThat(guard.check(String.valueOf(now - 300), "7", body("a"))).isEqualTo(FRESH);
        assertThat(guard.check(String.valueOf(now + 300), "8", body("a"))).isEqualTo(FRESH);
    }

    @Test
    void aNonceAgainIsARedeliveryWithTheSameBodyAndAReplayWithAnother() {
        String now = String.valueOf(clock.instant().getEpochSecond());
        assertThat(guard.check(now, "486452656", body("<xml>hi</xml>"))).isEqualTo(FRESH);
        clock.advance(Duration.ofSeconds(5));
        assertThat(guard.check(now, "486452656", body("<xml>hi</xml>"))).isEqualTo(REDELIVERY);
        clock.advance(Duration.ofSeconds(5));
        assertThat(guard.check(now, "486452656", body("<xml>hi</xml>"))).isEqualTo(REDELIVERY);
        assertThat(guard.check(now, "486452656", body("<xml>unsubscribe</xml>"))).isEqualTo(REPLAY);
        assertThat(guard.check(now, "486452657", body("<xml>unsubscribe</xml>"))).isEqualTo(FRESH);
        // Once the timestamp is stale, the pair is forgotten and refused as stale.
        clock.advance(Duration.ofMinutes(5));
        assertThat(guard.check(now, "486452656", body("<xml>unsubscribe</xml>"))).isEqualTo(STALE);
        assertThat(guard.size()).isZero();
    }

    @Test
    void memoryIsBoundedAndAForgottenPairIsNeverTakenAgain() {
        WeChatReplayGuard small = new WeChatReplayGuard(Duration.ofMinutes(5), 100, clock);
        long start = clock.instant().getEpochSecond();
        for (int i = 0; i < 250; i++) {
            assertThat(small.check(String.valueOf(clock.instant().getEpochSecond()), "n" + i, body("m" + i)))
                    .isEqualTo(FRESH);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(small.size()).isEqualTo(100);
        // The first pairs were forgotten for lack of room while their timestamps are still within the tolerance:
        // taking them again would let a replay through, so they are refused.
        assertThat(small.check(String.valueOf(start), "n0", body("forged"))).isEqualTo(STALE);
        assertThat(small.check(String.valueOf(start + 149), "n149", body("forged"))).isEqualTo(STALE);
        assertThat(small.check(String.valueOf(start + 249), "n249", body("forged"))).isEqualTo(REPLAY);
        // As time passes, stale pairs leave the memory by themselves.
        clock.advance(Duration.ofMinutes(10));
        assertThat(small.check(String.valueOf(clock.instant().getEpochSecond()), "later", body("x"))).isEqualTo(FRESH);
        assertThat(small.size()).isEqualTo(1);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
