package io.closeloop.service.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.closeloop.service.api.FieldProblems;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** NPS, CSAT, CES, the response funnel ({@link Funnels}), trends and the response export. */
public final class MetricsService {

    private static final int MAX_BUCKETS = 1000;

    private final Jdbi jdbi;

    public MetricsService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Summary(
            @JsonProperty("from") Instant from,
            @JsonProperty("to") Instant to,
            @JsonProperty("nps") CxScores.Nps nps,
            @JsonProperty("csat") CxScores.Csat csat,
            @JsonProperty("ces") CxScores.Ces ces,
            @JsonProperty("funnel") Funnels.Funnel funnel,
            @JsonProperty("byChannel") List<Funnels.Funnel> byChannel) {
    }

    public Summary summary(Instant from, Instant to, MetricsFilter filter) {
        List<MetricsDao.ScoreCount> counts = jdbi.withExtension(MetricsDao.class, dao -> dao.scoreCounts(from, to, filter));
        Map<String, Map<Integer, Long>> byType = new HashMap<>();
        counts.forEach(c -> byType.computeIfAbsent(c.questionType(), t -> new TreeMap<>()).merge(c.score(), c.n(), Long::sum));
        List<MetricsDao.FunnelRow> rows = jdbi.withExtension(MetricsDao.class, dao -> dao.funnel(from, to, filter));
        return new Summary(from, to,
                CxScores.nps(byType.getOrDefault("nps", Map.of())),
                CxScores.csat(byType.getOrDefault("csat", Map.of())),
                CxScores.ces(byType.getOrDefault("ces", Map.of())),
                Funnels.ofAll(rows), rows.stream().map(Funnels::ofChannel).toList());
    }

    public enum Interval {
        DAY, WEEK, MONTH;

        LocalDate bucketStart(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
        }
    }

    public enum Metric {
        NPS, CSAT, CES
    }

    public record TrendPoint(
            @JsonProperty("start") LocalDate start,
            @JsonProperty("value") Double value,
            @JsonProperty("n") long n) {
    }

    public record Trend(
            @JsonProperty("metric") String metric,
            @JsonProperty("interval") String interval,
            @JsonProperty("from") Instant from,
            @JsonProperty("to") Instant to,
            @JsonProperty("points") List<TrendPoint> points) {
    }

    /** One point per UTC day, ISO week (from Monday) or month, empty buckets included with n = 0. */
    public Trend trend(Metric metric, Interval interval, Instant from, Instant to, MetricsFilter filter) {
        LocalDate first = interval.bucketStart(LocalDate.ofInstant(from, ZoneOffset.UTC));
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        long buckets = switch (interval) {
            case DAY -> ChronoUnit.DAYS.between(first, last) + 1;
            case WEEK -> ChronoUnit.WEEKS.between(first, last) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(first, last) + 1;
        };
        if (buckets > MAX_BUCKETS) {
            new FieldProblems().add("interval", "the period has " + buckets + " " + interval.name().toLowerCase()
                    + "s; at most " + MAX_BUCKETS + " points, choose a longer interval or a shorter period").throwIfAny();
        }
        String type = metric.name().toLowerCase();
        List<MetricsDao.DailyScore> days = jdbi.withExtension(MetricsDao.class, dao -> dao.dailyScores(type, from, to, filter));
        Map<LocalDate, Map<Integer, Long>> byBucket = days.stream().collect(Collectors.groupingBy(
                d -> interval.bucketStart(d.answerDay()), TreeMap::new,
                Collectors.toMap(MetricsDao.DailyScore::score, MetricsDao.DailyScore::n, Long::sum, TreeMap::new)));
        List<TrendPoint> points = new ArrayList<>();
        for (LocalDate start = first; !start.isAfter(last); start = interval.next(start)) {
            Map<Integer, Long> distribution = byBucket.getOrDefault(start, Map.of());
            points.add(switch (metric) {
                case NPS -> {
                    CxScores.Nps nps = CxScores.nps(distribution);
                    yield new TrendPoint(start, nps.score(), nps.n());
                }
                case CSAT -> {
                    CxScores.Csat csat = CxScores.csat(distribution);
                    yield new TrendPoint(start, csat.score(), csat.n());
                }
                case CES -> {
                    CxScores.Ces ces = CxScores.ces(distribution);
                    yield new TrendPoint(start, ces.mean(), ces.n());
                }
            });
        }
        return new Trend(type, interval.name().toLowerCase(), from, to, points);
    }

    /** Streams the answers of every response that began in the period, within one database handle. */
    public void exportAnswers(Instant from, Instant to, MetricsFilter filter, Consumer<AnswerForExport> sink) {
        jdbi.useExtension(MetricsDao.class, dao -> {
            try (var rows = dao.exportRows(from, to, filter)) {
                rows.forEach(sink);
            }
        });
    }


    public record AspectFigure(String aspect, long negative, long mentions, double meanScore) {
    }

    public record SentimentSummary(Instant from, Instant to, String channel, long analysed,
            java.util.Map<String, Long> labels, Double meanScore, List<AspectFigure> topAspects, long backlog) {
    }

    /** Sentiment of the free-text answers given in a period, and the analysis backlog right now. */
    public SentimentSummary sentiment(Instant from, Instant to, MetricsFilter filter, long backlog) {
        List<MetricsDao.LabelCount> counts = jdbi.withExtension(MetricsDao.class, dao -> dao.sentimentLabels(from, to, filter));
        List<MetricsDao.AspectCount> aspects = jdbi.withExtension(MetricsDao.class, dao -> dao.aspectCounts(from, to, filter, 10));
        java.util.Map<String, Long> labels = new java.util.LinkedHashMap<>();
        for (io.closeloop.nlp.sentiment.SentimentLabel label : io.closeloop.nlp.sentiment.SentimentLabel.values()) {
            labels.put(label.wireName(), 0L);
        }
        long analysed = 0;
        double total = 0;
        for (MetricsDao.LabelCount c : counts) {
            labels.merge(c.label(), c.n(), Long::sum);
            analysed += c.n();
            total += c.total();
        }
        List<AspectFigure> top = aspects.stream().map(a -> new AspectFigure(a.aspect(), a.negative(), a.mentions(),
                Math.round(a.total() / a.mentions() * 1000) / 1000.0)).toList();
        return new SentimentSummary(from, to, filter.channel().isEmpty() ? null : filter.channel(), analysed, labels,
                analysed == 0 ? null : Math.round(total / analysed * 1000) / 1000.0, top, backlog);
    }
}
