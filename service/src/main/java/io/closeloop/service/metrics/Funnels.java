package io.closeloop.service.metrics;

import io.closeloop.service.Decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.channels.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The response funnel, stage by stage, per channel: each channel has the stages it can record.
 * <ul>
 * <li>web: created (the link exists: the shop has it from the purchase API) → opened → started → completed;
 * <li>SMS: created → queued → sent (Twilio accepted it) → delivered (reported, or the customer answered) →
 * started → completed;
 * <li>WeChat: created → queued → sent → started → completed (WeChat reports no delivery).
 * </ul>
 * Each stage counts the invitations that reached at least that stage, so none is larger than the one before.
 * The response and completion rates are over the invitations that went out: for the web the links created,
 * for SMS and WeChat the messages sent. All channels together have only the stages every channel has, with
 * "out" standing for each channel's own.
 */
@Decision
public final class Funnels {

    private Funnels() {
    }

    /** A share with what it is a share of; {@code percent} is null when there is nothing to divide by. */
    public record Rate(@JsonProperty("percent") Double percent, @JsonProperty("numerator") long numerator,
            @JsonProperty("denominator") long denominator) {
        static Rate of(long numerator, long denominator) {
            return new Rate(denominator == 0 ? null : CxScores.round1(100.0 * numerator / denominator), numerator,
                    denominator);
        }
    }

    /** A rate between two named stages. */
    public record StageRate(@JsonProperty("percent") Double percent, @JsonProperty("numerator") long numerator,
            @JsonProperty("denominator") long denominator, @JsonProperty("numeratorStage") String numeratorStage,
            @JsonProperty("denominatorStage") String denominatorStage) {
        static StageRate of(Stage numerator, Stage denominator) {
            Rate rate = Rate.of(numerator.count(), denominator.count());
            return new StageRate(rate.percent(), rate.numerator(), rate.denominator(), numerator.stage(),
                    denominator.stage());
        }
    }

    /**
     * One stage: how many invitations reached it, and their share of the previous stage. In the all-channels
     * funnel, {@code channelStages} names the stage each channel counts for "out".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(@JsonProperty("stage") String stage, @JsonProperty("count") long count,
            @JsonProperty("ofPrevious") Rate ofPrevious,
            @JsonProperty("channelStages") Map<String, String> channelStages) {
    }

    public record Funnel(
            @JsonProperty("channel") String channel,
            @JsonProperty("suppressed") long suppressed,
            @JsonProperty("stages") List<Stage> stages,
            @JsonProperty("responseRate") StageRate responseRate,
            @JsonProperty("completionRate") StageRate completionRate) {
    }

    public static final String ALL_CHANNELS = "all";
    private static final String OUT = "out";

    /** A stage of a channel: its name and its column of the query. */
    private record Definition(String name, ToLongFunction<MetricsDao.FunnelRow> count) {
    }

    private static final Definition CREATED = new Definition("created", MetricsDao.FunnelRow::created);
    private static final Definition QUEUED = new Definition("queued", MetricsDao.FunnelRow::queued);
    private static final Definition SENT = new Definition("sent", MetricsDao.FunnelRow::sent);
    private static final Definition DELIVERED = new Definition("delivered", MetricsDao.FunnelRow::delivered);
    private static final Definition OPENED = new Definition("opened", MetricsDao.FunnelRow::opened);
    private static final Definition STARTED = new Definition("started", MetricsDao.FunnelRow::started);
    private static final Definition COMPLETED = new Definition("completed", MetricsDao.FunnelRow::completed);

    /** A channel's stages in order, and the one at which a survey went out to the customer. */
    private record Stages(List<Definition> stages, Definition out) {
    }

    private static Stages of(String channel) {
        return Channel.fromWireName(channel).map(c -> switch (c) {
            case WEB, CHAT -> new Stages(List.of(CREATED, OPENED, STARTED, COMPLETED), CREATED);
            case SMS -> new Stages(List.of(CREATED, QUEUED, SENT, DELIVERED, STARTED, COMPLETED), SENT);
            case WECHAT -> new Stages(List.of(CREATED, QUEUED, SENT, STARTED, COMPLETED), SENT);
        }).orElse(new Stages(List.of(CREATED, QUEUED, SENT, STARTED, COMPLETED), SENT));
    }

    /** The funnel of one channel's row. */
    public static Funnel ofChannel(MetricsDao.FunnelRow row) {
        Stages definition = of(row.channel());
        List<Stage> stages = new ArrayList<>();
        Stage out = null;
        for (Definition stage : definition.stages()) {
            Stage next = next(stages, stage.name(), stage.count().applyAsLong(row), null);
            if (stage == definition.out()) {
                out = next;
            }
        }
        return funnel(row.channel(), row.suppressed(), stages, out);
    }

    /** All channels together: created, out (each channel's own stage), started, completed. */
    public static Funnel ofAll(List<MetricsDao.FunnelRow> rows) {
        Map<String, String> outStages = new LinkedHashMap<>();
        long suppressed = 0;
        long created = 0;
        long out = 0;
        long started = 0;
        long completed = 0;
        for (MetricsDao.FunnelRow row : rows) {
            Definition channelOut = of(row.channel()).out();
            outStages.put(row.channel(), channelOut.name());
            suppressed += row.suppressed();
            created += row.created();
            out += channelOut.count().applyAsLong(row);
            started += row.started();
            completed += row.completed();
        }
        List<Stage> stages = new ArrayList<>();
        next(stages, CREATED.name(), created, null);
        Stage outStage = next(stages, OUT, out, outStages);
        next(stages, STARTED.name(), started, null);
        next(stages, COMPLETED.name(), completed, null);
        return funnel(ALL_CHANNELS, suppressed, stages, outStage);
    }

    private static Stage next(List<Stage> stages, String name, long count, Map<String, String> channelStages) {
        Rate ofPrevious = stages.isEmpty() ? null : Rate.of(count, stages.get(stages.size() - 1).count());
        Stage stage = new Stage(name, count, ofPrevious, channelStages);
        stages.add(stage);
        return stage;
    }

    private static Funnel funnel(String channel, long suppressed, List<Stage> stages, Stage out) {
        Stage started = find(stages, STARTED.name());
        Stage completed = find(stages, COMPLETED.name());
        return new Funnel(channel, suppressed, List.copyOf(stages), StageRate.of(started, out),
                StageRate.of(completed, out));
    }

    private static Stage find(List<Stage> stages, String name) {
        return stages.stream().filter(s -> s.stage().equals(name)).findFirst().orElseThrow();
    }
}
