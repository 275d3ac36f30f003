package io.closeloop.service.ticket;

import io.closeloop.service.Decision;

import io.closeloop.service.config.SupportConfig;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When agents work: some days of the week between an opening and a closing time in one time zone, minus
 * holidays; or around the clock. Service-level times count only working time, so a ticket that arrives on
 * Friday evening is due on Monday morning.
 */
@Decision
public final class BusinessHours {
    /** A year of searching finds the next opening of any calendar with at least one working day. */
    private static final int DAYS_SEARCHED = 400;

    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final LocalTime open;
    private final LocalTime close;
    private final Set<LocalDate> holidays;

    private BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime open, LocalTime close, Set<LocalDate> holidays) {
        this.zone = zone;
        this.days = days;
        this.open = open;
        this.close = close;
        this.holidays = holidays;
    }

    public static BusinessHours always() {
        return new BusinessHours(ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, null, Set.of());
    }

    /** Reads the configuration, naming the field that is wrong. */
    public static BusinessHours of(SupportConfig.BusinessHoursConfig config) {
        if (config == null) {
            return always();
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(Optional.ofNullable(config.timeZone()).orElse("UTC"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("support.businessHours.timeZone: unknown time zone " + config.timeZone());
        }
        List<String> dayNames = Optional.ofNullable(config.days()).orElse(List.of("MON", "TUE", "WED", "THU", "FRI"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : dayNames) {
            days.add(day(name));
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("support.businessHours.days: name at least one day");
        }
        LocalTime open = time("open", Optional.ofNullable(config.open()).orElse("09:00"));
        LocalTime close = time("close", Optional.ofNullable(config.close()).orElse("17:00"));
        if (!open.isBefore(close)) {
            throw new IllegalArgumentException("support.businessHours: open must be before close on the same day");
        }
        Set<LocalDate> holidays;
        try {
            holidays = Optional.ofNullable(config.holidays()).orElse(List.of()).stream().map(LocalDate::parse)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("support.businessHours.holidays: dates are YYYY-MM-DD");
        }
        return new BusinessHours(zone, days, open, close, holidays);
    }

    public boolean alwaysOpen() {
        return close == null;
    }

    public boolean isOpen(Instant at) {
        return alwaysOpen() || windowAround(at.atZone(zone)).filter(w -> !at.isBefore(w[0])).isPresent();
    }

    /** {@code at} itself when open, else the next opening. */
    public Instant nextOpening(Instant at) {
        if (alwaysOpen()) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        for (int i = 0; i < DAYS_SEARCHED; i++) {
            LocalDate date = local.toLocalDate().plusDays(i);
            if (working(date)) {
                Instant start = ZonedDateTime.of(date, open, zone).toInstant();
                Instant end = ZonedDateTime.of(date, close, zone).toInstant();
                if (at.isBefore(end)) {
                    return at.isAfter(start) ? at : start;
                }
            }
        }
        throw new IllegalStateException("no working day in a year");
    }

    /** The instant {@code amount} of working time after {@code start}. */
    public Instant plus(Instant start, Duration amount) {
        if (alwaysOpen()) {
            return start.plus(amount);
        }
        Instant cursor = start;
        Duration left = amount;
        for (int i = 0; i < DAYS_SEARCHED * 2; i++) {
            cursor = nextOpening(cursor);
            Instant end = ZonedDateTime.of(cursor.atZone(zone).toLocalDate(), close, zone).toInstant();
            Duration available = Duration.between(cursor, end);
            if (left.compareTo(available) <= 0) {
                return cursor.plus(left);
            }
            left = left.minus(available);
            cursor = end;
        }
        throw new IllegalStateException("too long a service level for these business hours");
    }

    /** "Monday 09:00 (Asia/Shanghai)" or "星期一 09:00（Asia/Shanghai）", for telling a customer when we open. */
    public String describe(Instant at, String locale) {
        ZonedDateTime local = at.atZone(zone);
        boolean chinese = locale.startsWith("zh");
        Locale language = chinese ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        String day = local.getDayOfWeek().getDisplayName(TextStyle.FULL, language);
        String time = local.format(DateTimeFormatter.ofPattern("HH:mm"));
        return chinese ? day + " " + time + "（" + zone.getId() + "）" : day + " " + time + " (" + zone.getId() + ")";
    }

    private Optional<Instant[]> windowAround(ZonedDateTime local) {
        LocalDate date = local.toLocalDate();
        if (!working(date)) {
            return Optional.empty();
        }
        Instant start = ZonedDateTime.of(date, open, zone).toInstant();
        Instant end = ZonedDateTime.of(date, close, zone).toInstant();
        return local.toInstant().isBefore(end) ? Optional.of(new Instant[] {start, end}) : Optional.empty();
    }

    private boolean working(LocalDate date) {
        return days.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    private static DayOfWeek day(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().startsWith(upper) && upper.length() >= 3) {
                return day;
            }
        }
        throw new IllegalArgumentException("support.businessHours.days: '" + name + "' is not a day (MON … SUN)");
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("support.businessHours." + field + ": times are HH:MM, not " + value);
        }
    }
}
