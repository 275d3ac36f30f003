package io.closeloop.service.resources;

import io.closeloop.service.api.FieldProblems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The {@code from} and {@code to} query parameters: a UTC date ("2026-11-01", {@code to} inclusive) or an
 * ISO-8601 date-time with an offset; {@code to} is exclusive. Defaults: the 30 days up to and including now.
 */
record TimeRange(Instant from, Instant to) {

    private static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    static TimeRange parse(String from, String to, Clock clock) {
        FieldProblems problems = new FieldProblems();
        Instant end = blank(to) ? endOfThisSecond(clock) : parse(problems, "to", to, true);
        Instant start = blank(from) ? (end == null ? null : end.minus(DEFAULT_SPAN)) : parse(problems, "from", from, false);
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add("from", "must be before to");
        }
        problems.throwIfAny();
        return new TimeRange(start, end);
    }

    /**
     * Instants are stored to the second, so what happened at this very instant is stored as this second: an
     * exclusive end at the next second counts it, and nothing later can have been stored yet.
     */
    private static Instant endOfThisSecond(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    private static Instant parse(FieldProblems problems, String field, String value, boolean endOfDay) {
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(field, "must be a date (2026-11-01) or an ISO-8601 date-time with an offset");
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
