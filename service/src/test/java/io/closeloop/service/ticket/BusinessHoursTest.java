package io.closeloop.service.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.service.config.SupportConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Service levels in working time: Shanghai, Monday to Friday 09:00-18:00, New Year's Day off. */
class BusinessHoursTest {
    private final BusinessHours hours = BusinessHours.of(new SupportConfig.BusinessHoursConfig("Asia/Shanghai",
            List.of("MON", "TUE", "WED", "THU", "FRI"), "09:00", "18:00", List.of("2027-01-01")));

    @Test
    void withinOneWorkingDayTheTimeIsSimplyAdded() {
        // Wednesday 10:00 in Shanghai.
        assertThat(hours.plus(Instant.parse("2026-11-25T02:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-11-25T04:00:00Z"));
        assertThat(hours.isOpen(Instant.parse("2026-11-25T02:00:00Z"))).isTrue();
    }

    @Test
    void fridayEveningIsDueOnMondayMorning() {
        // Friday 17:00 in Shanghai, two working hours: one on Friday, one on Monday from 09:00.
        Instant friday = Instant.parse("2026-11-27T09:00:00Z");
        assertThat(hours.plus(friday, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-11-30T02:00:00Z"));
        // Saturday noon: closed; it opens on Monday 09:00.
        Instant saturday = Instant.parse("2026-11-28T04:00:00Z");
        assertThat(hours.isOpen(saturday)).isFalse();
        assertThat(hours.nextOpening(saturday)).isEqualTo(Instant.parse("2026-11-30T01:00:00Z"));
        assertThat(hours.describe(hours.nextOpening(saturday), "en")).isEqualTo("Monday 09:00 (Asia/Shanghai)");
        assertThat(hours.describe(hours.nextOpening(saturday), "zh-CN")).isEqualTo("星期一 09:00（Asia/Shanghai）");
    }

    @Test
    void aDayOfResolutionTimeSpansWorkingDaysAndSkipsHolidays() {
        // Thursday 31 December 2026, 12:00: 24 working hours = Thu 6 h + Mon 9 h + Tue 9 h (Friday is a holiday).
        Instant start = Instant.parse("2026-12-31T04:00:00Z");
        assertThat(hours.plus(start, Duration.ofHours(24))).isEqualTo(Instant.parse("2027-01-05T10:00:00Z"));
        assertThat(hours.isOpen(Instant.parse("2027-01-01T04:00:00Z"))).isFalse();
    }

    @Test
    void withoutBusinessHoursItIsAroundTheClock() {
        BusinessHours always = BusinessHours.of(null);
        Instant saturday = Instant.parse("2026-11-28T23:30:00Z");
        assertThat(always.isOpen(saturday)).isTrue();
        assertThat(always.plus(saturday, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-11-29T01:30:00Z"));
    }

    @Test
    void aWrongSettingNamesItsField() {
        assertThatThrownBy(() -> BusinessHours.of(new SupportConfig.BusinessHoursConfig("Mars/Olympus", null, null, null, null)))
                .hasMessageContaining("support.businessHours.timeZone");
        assertThatThrownBy(() -> BusinessHours.of(new SupportConfig.BusinessHoursConfig("UTC", List.of("Funday"), null, null, null)))
                .hasMessageContaining("support.businessHours.days");
        assertThatThrownBy(() -> BusinessHours.of(new SupportConfig.BusinessHoursConfig("UTC", null, "18:00", "09:00", null)))
                .hasMessageContaining("open must be before close");
        assertThatThrownBy(() -> BusinessHours.of(new SupportConfig.BusinessHoursConfig("UTC", null, "9am", null, null)))
                .hasMessageContaining("support.businessHours.open");
    }
}
