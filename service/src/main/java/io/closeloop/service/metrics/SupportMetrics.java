package io.closeloop.service.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The support figures: response and resolution times, SLA attainment, backlog, containment, handoff reasons. */
public final class SupportMetrics {

    public interface Dao {
        record TicketTimes(String reason, Instant createdAt, Instant firstResponseAt, Instant resolvedAt,
                Instant firstResponseDue, Instant resolutionDue, boolean firstResponseBreached, boolean resolutionBreached) {
        }

        @SqlQuery("""
                SELECT reason, created_at, first_response_at, resolved_at, first_response_due, resolution_due,
                       first_response_breached, resolution_breached
                FROM ticket WHERE created_at >= :from AND created_at < :to
                """)
        @RegisterConstructorMapper(TicketTimes.class)
        List<TicketTimes> tickets(@Bind("from") Instant from, @Bind("to") Instant to);

        @SqlQuery("SELECT COUNT(*) FROM ticket WHERE status NOT IN ('resolved', 'closed')")
        long open();

        @SqlQuery("SELECT COUNT(*) FROM ticket WHERE status NOT IN ('resolved', 'closed') AND assignee_id IS NULL")
        long unassigned();

        @SqlQuery("SELECT COUNT(*) FROM conversation WHERE updated_at >= :from AND updated_at < :to")
        long conversations(@Bind("from") Instant from, @Bind("to") Instant to);
    }

    /** Minutes: median and 90th percentile over {@code n} tickets (null when none). */
    public record Times(long n, Double medianMinutes, Double p90Minutes) {
    }

    public record Attainment(long due, long met, Double rate) {
    }

    public record Summary(Instant from, Instant to, long tickets, Times firstResponse, Times resolution,
                          Attainment firstResponseSla, Attainment resolutionSla, long backlog, long unassigned,
                          long botConversations, Double botContainment, Map<String, Long> handoffReasons,
                          Attainment loopClosure) {
    }

    private static final List<String> HANDOFFS = List.of("asked_for_human", "not_understood", "negative_sentiment");

    private final Jdbi jdbi;

    public SupportMetrics(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Summary summary(Instant from, Instant to, Instant now) {
        List<Dao.TicketTimes> tickets = jdbi.withExtension(Dao.class, dao -> dao.tickets(from, to));
        List<Duration> first = new ArrayList<>();
        List<Duration> resolved = new ArrayList<>();
        long firstDue = 0;
        long firstMet = 0;
        long resolutionDue = 0;
        long resolutionMet = 0;
        long detractors = 0;
        long detractorsInTime = 0;
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (Dao.TicketTimes t : tickets) {
            reasons.merge(t.reason(), 1L, Long::sum);
            if (t.firstResponseAt() != null) {
                first.add(Duration.between(t.createdAt(), t.firstResponseAt()));
            }
            if (t.resolvedAt() != null) {
                resolved.add(Duration.between(t.createdAt(), t.resolvedAt()));
            }
            boolean firstInTime = t.firstResponseAt() != null && t.firstResponseDue() != null
                    && !t.firstResponseAt().isAfter(t.firstResponseDue());
            if (t.firstResponseAt() != null || t.firstResponseBreached()
                    || t.firstResponseDue() != null && t.firstResponseDue().isBefore(now)) {
                firstDue++;
                firstMet += firstInTime ? 1 : 0;
            }
            if (t.resolvedAt() != null || t.resolutionBreached()
                    || t.resolutionDue() != null && t.resolutionDue().isBefore(now)) {
                resolutionDue++;
                resolutionMet += t.resolvedAt() != null && t.resolutionDue() != null
                        && !t.resolvedAt().isAfter(t.resolutionDue()) ? 1 : 0;
            }
            if (t.reason().equals("detractor")) {
                detractors++;
                detractorsInTime += firstInTime ? 1 : 0;
            }
        }
        long handedOver = HANDOFFS.stream().mapToLong(r -> reasons.getOrDefault(r, 0L)).sum();
        long conversations = jdbi.withExtension(Dao.class, dao -> dao.conversations(from, to));
        Map<String, Long> handoffs = new LinkedHashMap<>();
        HANDOFFS.forEach(r -> handoffs.put(r, reasons.getOrDefault(r, 0L)));
        return new Summary(from, to, tickets.size(), times(first), times(resolved),
                attainment(firstDue, firstMet), attainment(resolutionDue, resolutionMet),
                jdbi.withExtension(Dao.class, Dao::open), jdbi.withExtension(Dao.class, Dao::unassigned),
                conversations, conversations == 0 ? null : round(Math.max(0, 1 - (double) handedOver / conversations)),
                handoffs, attainment(detractors, detractorsInTime));
    }

    private static Times times(List<Duration> durations) {
        if (durations.isEmpty()) {
            return new Times(0, null, null);
        }
        List<Long> seconds = new ArrayList<>(durations.stream().map(Duration::toSeconds).toList());
        Collections.sort(seconds);
        return new Times(seconds.size(), round(percentile(seconds, 0.5) / 60.0), round(percentile(seconds, 0.9) / 60.0));
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static Attainment attainment(long due, long met) {
        return new Attainment(due, met, due == 0 ? null : round((double) met / due));
    }

    private static Double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
