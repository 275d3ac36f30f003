package io.closeloop.service.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.config.SurveyRulesConfig;
import io.closeloop.service.survey.SchedulingPolicy.CustomerHistory;
import io.closeloop.service.survey.SchedulingPolicy.Decision;
import io.closeloop.service.survey.SchedulingPolicy.SuppressionReason;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulingPolicyTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final CustomerHistory NEW_CUSTOMER = new CustomerHistory(false, Optional.empty());

    private final SchedulingPolicy policy = new SchedulingPolicy(SurveyRulesConfig.defaults());

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void sendsOneDayAfterDeliveryWhenThatIsDaytimeForTheCustomer() {
        // Delivered 14:00 in Shanghai (06:00Z); 24 h later is 14:00 local, outside quiet hours.
        Instant sendAt = policy.plannedSendTime(at("2026-11-20T02:00:00Z"), Optional.of(at("2026-11-21T06:00:00Z")),
                SHANGHAI, at("2026-11-21T06:05:00Z"));
        assertThat(sendAt).isEqualTo(at("2026-11-22T06:00:00Z"));
    }

    @Test
    void usesThePurchaseTimeWhenDeliveryIsUnknown() {
        Instant sendAt = policy.plannedSendTime(at("2026-11-20T06:00:00Z"), Optional.empty(), SHANGHAI,
                at("2026-11-20T06:00:01Z"));
        assertThat(sendAt).isEqualTo(at("2026-11-21T06:00:00Z"));
    }

    @Test
    void anEventThatArrivesLateIsSentNowRatherThanInThePast() {
        Instant now = at("2026-11-25T06:00:00Z"); // 14:00 in Shanghai
        Instant sendAt = policy.plannedSendTime(at("2026-11-20T02:00:00Z"), Optional.empty(), SHANGHAI, now);
        assertThat(sendAt).isEqualTo(now);
    }

    @Test
    void quietHoursInTheEveningPostponeToNineTheNextMorningLocalTime() {
        // 22:30 in Shanghai is 14:30Z; the end of quiet hours is 09:00 local the next day, 01:00Z.
        assertThat(policy.outsideQuietHours(at("2026-11-21T14:30:00Z"), SHANGHAI)).isEqualTo(at("2026-11-22T01:00:00Z"));
        // 21:00 sharp is quiet; 20:59 is not.
        assertThat(policy.outsideQuietHours(at("2026-11-21T13:00:00Z"), SHANGHAI)).isEqualTo(at("2026-11-22T01:00:00Z"));
        assertThat(policy.outsideQuietHours(at("2026-11-21T12:59:00Z"), SHANGHAI)).isEqualTo(at("2026-11-21T12:59:00Z"));
    }

    @Test
    void quietHoursAfterMidnightPostponeToNineTheSameMorning() {
        // 03:00 in New York on 2026-11-21 (EST, UTC-5) is 08:00Z; 09:00 local is 14:00Z.
        assertThat(policy.outsideQuietHours(at("2026-11-21T08:00:00Z"), NEW_YORK)).isEqualTo(at("2026-11-21T14:00:00Z"));
        // 09:00 sharp is no longer quiet.
        assertThat(policy.outsideQuietHours(at("2026-11-21T14:00:00Z"), NEW_YORK)).isEqualTo(at("2026-11-21T14:00:00Z"));
    }

    @Test
    void theEndOfQuietHoursFollowsDaylightSavingTime() {
        // New York springs forward on 2026-03-08: 23:00 EST on the 7th (04:00Z on the 8th) waits until
        // 09:00 EDT on the 8th, which is 13:00Z, not 14:00Z.
        assertThat(policy.outsideQuietHours(at("2026-03-08T04:00:00Z"), NEW_YORK)).isEqualTo(at("2026-03-08T13:00:00Z"));
        // And falls back on 2026-11-01: 23:00 EDT on Oct 31 (03:00Z) waits until 09:00 EST, 14:00Z.
        assertThat(policy.outsideQuietHours(at("2026-11-01T03:00:00Z"), NEW_YORK)).isEqualTo(at("2026-11-01T14:00:00Z"));
        // London in summer (BST, UTC+1): 22:00 local on 2026-07-10 is 21:00Z; 09:00 BST is 08:00Z.
        assertThat(policy.outsideQuietHours(at("2026-07-10T21:00:00Z"), LONDON)).isEqualTo(at("2026-07-11T08:00:00Z"));
    }

    @Test
    void aQuietPeriodEndingInsideADstGapEndsWhenTheGapEnds() {
        SchedulingPolicy earlyBird = new SchedulingPolicy(rules(LocalTime.of(0, 0), LocalTime.of(2, 30)));
        // 01:00 EST on 2026-03-08 is 06:00Z; 02:30 does not exist that night, so the end of quiet hours moves
        // forward by the length of the gap, to 03:30 EDT = 07:30Z (the wall clock then says 3:30).
        assertThat(earlyBird.outsideQuietHours(at("2026-03-08T06:00:00Z"), NEW_YORK)).isEqualTo(at("2026-03-08T07:30:00Z"));
    }

    @Test
    void quietHoursThatDoNotCrossMidnightWork() {
        SchedulingPolicy lunch = new SchedulingPolicy(rules(LocalTime.of(12, 0), LocalTime.of(13, 30)));
        assertThat(lunch.outsideQuietHours(at("2026-11-21T12:15:00Z"), ZoneId.of("UTC"))).isEqualTo(at("2026-11-21T13:30:00Z"));
        assertThat(lunch.outsideQuietHours(at("2026-11-21T11:59:00Z"), ZoneId.of("UTC"))).isEqualTo(at("2026-11-21T11:59:00Z"));
        assertThat(lunch.outsideQuietHours(at("2026-11-21T22:00:00Z"), ZoneId.of("UTC"))).isEqualTo(at("2026-11-21T22:00:00Z"));
    }

    @Test
    void equalStartAndEndMeanNoQuietHours() {
        SchedulingPolicy always = new SchedulingPolicy(rules(LocalTime.of(9, 0), LocalTime.of(9, 0)));
        assertThat(always.outsideQuietHours(at("2026-11-21T03:00:00Z"), ZoneId.of("UTC"))).isEqualTo(at("2026-11-21T03:00:00Z"));
    }

    @Test
    void anOptedOutCustomerIsNeverSurveyed() {
        Decision decision = policy.decide(at("2026-11-20T02:00:00Z"), Optional.empty(), SHANGHAI,
                at("2026-11-20T02:00:00Z"), new CustomerHistory(true, Optional.empty()));
        assertThat(decision).isEqualTo(new Decision.Suppress(SuppressionReason.OPTED_OUT));
    }

    @Test
    void atMostOneSurveyPerThirtyDays() {
        Instant now = at("2026-11-20T02:00:00Z");
        Instant planned = policy.plannedSendTime(now, Optional.empty(), SHANGHAI, now);
        Decision tooSoon = policy.decide(now, Optional.empty(), SHANGHAI, now,
                new CustomerHistory(false, Optional.of(planned.minus(java.time.Duration.ofDays(29)))));
        assertThat(tooSoon).isEqualTo(new Decision.Suppress(SuppressionReason.FREQUENCY_CAP));
        Decision longEnough = policy.decide(now, Optional.empty(), SHANGHAI, now,
                new CustomerHistory(false, Optional.of(planned.minus(java.time.Duration.ofDays(30)))));
        assertThat(longEnough).isEqualTo(new Decision.Send(planned));
        // A survey already scheduled for later counts too.
        Decision upcoming = policy.decide(now, Optional.empty(), SHANGHAI, now,
                new CustomerHistory(false, Optional.of(planned.plus(java.time.Duration.ofDays(3)))));
        assertThat(upcoming).isEqualTo(new Decision.Suppress(SuppressionReason.FREQUENCY_CAP));
    }

    @Test
    void purchasesOlderThanThirtyDaysAreNotSurveyed() {
        Instant now = at("2026-11-20T02:00:00Z");
        assertThat(policy.decide(at("2026-10-15T02:00:00Z"), Optional.empty(), SHANGHAI, now, NEW_CUSTOMER))
                .isEqualTo(new Decision.Suppress(SuppressionReason.STALE_EVENT));
        // A recent delivery of an older purchase still counts as fresh.
        assertThat(policy.decide(at("2026-10-15T02:00:00Z"), Optional.of(at("2026-11-19T02:00:00Z")), SHANGHAI, now,
                NEW_CUSTOMER)).isInstanceOf(Decision.Send.class);
    }

    @Test
    void aSurveyExpiresSeventyTwoHoursAfterSending() {
        assertThat(policy.expiresAt(at("2026-11-20T02:00:00Z"))).isEqualTo(at("2026-11-23T02:00:00Z"));
    }

    @Test
    void theReminderComesADayLaterAndNeverAtNight() {
        // Sent 10:00 in Shanghai: reminded 10:00 the next day.
        assertThat(policy.reminderAt(at("2026-11-20T02:00:00Z"), SHANGHAI)).contains(at("2026-11-21T02:00:00Z"));
        // Sent 20:30 in Shanghai: 24 h later is 20:30, fine; sent 08:59 local would remind at 08:59, which is quiet.
        assertThat(policy.reminderAt(at("2026-11-20T12:30:00Z"), SHANGHAI)).contains(at("2026-11-21T12:30:00Z"));
        assertThat(policy.reminderAt(at("2026-11-20T00:59:00Z"), SHANGHAI)).contains(at("2026-11-21T01:00:00Z"));
    }

    @Test
    void noReminderWhenItWouldComeAfterExpiry() {
        SchedulingPolicy shortLived = new SchedulingPolicy(new SurveyRulesConfig(null, null, null, null, null,
                Duration.hours(25), Duration.hours(24), null, null));
        // Reminder due 23:00 local is pushed to 09:00, after the survey closes at 00:00 local.
        assertThat(shortLived.reminderAt(at("2026-11-20T15:00:00Z"), SHANGHAI)).isEmpty();
    }

    private static SurveyRulesConfig rules(LocalTime quietStart, LocalTime quietEnd) {
        return new SurveyRulesConfig(null, quietStart, quietEnd, null, null, null, null, null, null);
    }
}
