package io.closeloop.service.resources;

import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.http.ApiKeyRequired;
import io.closeloop.service.metrics.MetricsDao;
import io.closeloop.service.metrics.MetricsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Locale;

/** CX figures for the business. */
@Path("/api/v1/metrics")
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public final class MetricsResource {

    private final MetricsService metrics;
    private final Clock clock;
    private final java.util.function.LongSupplier analysisBacklog;
    private final io.closeloop.service.metrics.SupportMetrics support;

    public MetricsResource(MetricsService metrics, Clock clock, java.util.function.LongSupplier analysisBacklog,
            io.closeloop.service.metrics.SupportMetrics support) {
        this.metrics = metrics;
        this.clock = clock;
        this.analysisBacklog = analysisBacklog;
        this.support = support;
    }

    @GET
    @Path("/support")
    public io.closeloop.service.metrics.SupportMetrics.Summary support(@QueryParam("from") String from,
            @QueryParam("to") String to) {
        TimeRange range = TimeRange.parse(from, to, clock);
        return support.summary(range.from(), range.to(), clock.instant());
    }

    @GET
    @Path("/sentiment")
    public MetricsService.SentimentSummary sentiment(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("channel") String channel, @QueryParam("store") String store,
            @QueryParam("product") String product) {
        TimeRange range = TimeRange.parse(from, to, clock);
        return metrics.sentiment(range.from(), range.to(), Filters.of(channel, store, product),
                analysisBacklog.getAsLong());
    }

    @GET
    @Path("/summary")
    public MetricsService.Summary summary(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("channel") String channel, @QueryParam("store") String store,
            @QueryParam("product") String product) {
        TimeRange range = TimeRange.parse(from, to, clock);
        return metrics.summary(range.from(), range.to(), Filters.of(channel, store, product));
    }

    @GET
    @Path("/trend")
    public MetricsService.Trend trend(@QueryParam("metric") String metric, @QueryParam("interval") String interval,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("channel") String channel,
            @QueryParam("store") String store, @QueryParam("product") String product) {
        FieldProblems problems = new FieldProblems();
        MetricsService.Metric m = parse(MetricsService.Metric.class, metric, null, "metric", problems);
        MetricsService.Interval i = parse(MetricsService.Interval.class, interval, MetricsService.Interval.DAY,
                "interval", problems);
        problems.throwIfAny();
        TimeRange range = TimeRange.parse(from, to, clock);
        return metrics.trend(m, i, range.from(), range.to(), Filters.of(channel, store, product));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback, String field,
            FieldProblems problems) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                problems.add(field, "is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field, "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            return null;
        }
    }
}
