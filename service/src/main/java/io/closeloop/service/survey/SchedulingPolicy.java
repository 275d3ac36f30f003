package io.closeloop.service.survey;

import io.closeloop.service.Decision;

import io.closeloop.service.config.SurveyRulesConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** When a survey goes out and whether it goes out at all. Pure: every input is a parameter. */
@Decision
public final class SchedulingPolicy {

    /** Why an invitation is not sent. The wire name is what the API and the database show. */
    public enum SuppressionReason {
        OPTED_OUT("opted_out"),
        FREQUENCY_CAP("frequency_cap"),
        STALE_EVENT("stale_event");

        private final String wireName;

        SuppressionReason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The decision for one purchase. */
    public sealed interface Decision {
        record Send(Instant sendAt) implements Decision {
        }

        record Suppress(SuppressionReason reason) implements Decision {
        }
    }

    /** What the policy needs to know about the customer. */
    public record CustomerHistory(boolean optedOut, Optional<Instant> nearestOtherSurvey) {
    }

    private final Duration sendDelay;
    private final LocalTime quietStart;
    private final LocalTime quietEnd;
    private final Duration frequencyCap;
    private final Duration expireAfter;
    private final Duration remindAfter;
    private final Duration maxEventAge;

    public SchedulingPolicy(SurveyRulesConfig rules) {
        this.sendDelay = rules.sendDelay().toJavaDuration();
        this.quietStart = rules.quietHoursStart();
        this.quietEnd = rules.quietHoursEnd();
        this.frequencyCap = rules.frequencyCap().toJavaDuration();
        this.expireAfter = rules.expireAfter().toJavaDuration();
        this.remindAfter = rules.remindAfter().toJavaDuration();
        this.maxEventAge = rules.maxEventAge().toJavaDuration();
    }

    public Duration frequencyCap() {
        return frequencyCap;
    }

    /** The send time a purchase asks for, before anything about the customer's history is known. */
    public Instant plannedSendTime(Instant purchasedAt, Optional<Instant> deliveredAt, ZoneId zone, Instant now) {
        Instant due = deliveredAt.orElse(purchasedAt).plus(sendDelay);
        return outsideQuietHours(due.isBefore(now) ? now : due, zone).truncatedTo(ChronoUnit.SECONDS);
    }

    public Decision decide(Instant purchasedAt, Optional<Instant> deliveredAt, ZoneId zone, Instant now,
            CustomerHistory history) {
        if (history.optedOut()) {
            return new Decision.Suppress(SuppressionReason.OPTED_OUT);
        }
        if (deliveredAt.orElse(purchasedAt).isBefore(now.minus(maxEventAge))) {
            return new Decision.Suppress(SuppressionReason.STALE_EVENT);
        }
        Instant sendAt = plannedSendTime(purchasedAt, deliveredAt, zone, now);
        if (history.nearestOtherSurvey().filter(other -> withinCap(other, sendAt)).isPresent()) {
            return new Decision.Suppress(SuppressionReason.FREQUENCY_CAP);
        }
        return new Decision.Send(sendAt);
    }

    /** Whether two surveys are closer together than the cap allows. */
    public boolean withinCap(Instant one, Instant other) {
        return Duration.between(one, other).abs().compareTo(frequencyCap) < 0;
    }

    /**
     * The instant itself when it falls outside the customer's quiet hours, otherwise the end of those quiet
     * hours in the customer's zone. Works across midnight and across DST changes: the end is a local time,
     * and a local time that a spring-forward gap skips moves forward by the length of the gap.
     */
    public Instant outsideQuietHours(Instant candidate, ZoneId zone) {
        if (quietStart.equals(quietEnd)) {
            return candidate;
        }
        ZonedDateTime local = candidate.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate date = local.toLocalDate();
        boolean wrapsMidnight = quietStart.isAfter(quietEnd);
        boolean quiet = wrapsMidnight
                ? !time.isBefore(quietStart) || time.isBefore(quietEnd)
                : !time.isBefore(quietStart) && time.isBefore(quietEnd);
        if (!quiet) {
            return candidate;
        }
        LocalDate endDate = wrapsMidnight && !time.isBefore(quietStart) ? date.plusDays(1) : date;
        Instant end = ZonedDateTime.of(endDate, quietEnd, zone).toInstant();
        return end.isAfter(candidate) ? end : candidate;
    }

    public Instant expiresAt(Instant sentAt) {
        return sentAt.plus(expireAfter);
    }

    /** The reminder time for a survey sent then, or empty when the survey would expire first. */
    public Optional<Instant> reminderAt(Instant sentAt, ZoneId zone) {
        Instant remindAt = outsideQuietHours(sentAt.plus(remindAfter), zone).truncatedTo(ChronoUnit.SECONDS);
        return remindAt.isBefore(expiresAt(sentAt)) ? Optional.of(remindAt) : Optional.empty();
    }
}
