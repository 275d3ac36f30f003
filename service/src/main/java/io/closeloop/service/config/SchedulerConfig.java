package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.Objects;

/**
 * The background worker that sends due invitations and reminders.
 *
 * @param enabled      whether this instance runs the worker (every instance may; claims keep them apart)
 * @param pollInterval how often it looks for due work
 * @param batchSize    how many rows it claims per look
 * @param lease        how long a claim holds before another worker may take the row over
 * @param maxAttempts  send attempts before an invitation is marked failed
 * @param outboxPollInterval how often the outbound queue is looked at (its pace is per sender number)
 */
public record SchedulerConfig(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("pollInterval") Duration pollInterval,
        @JsonProperty("batchSize") Integer batchSize,
        @JsonProperty("lease") Duration lease,
        @JsonProperty("maxAttempts") Integer maxAttempts,
        @JsonProperty("outboxPollInterval") Duration outboxPollInterval) {

    public SchedulerConfig {
        enabled = Objects.requireNonNullElse(enabled, true);
        pollInterval = Objects.requireNonNullElse(pollInterval, Duration.seconds(5));
        batchSize = Objects.requireNonNullElse(batchSize, 50);
        lease = Objects.requireNonNullElse(lease, Duration.minutes(5));
        maxAttempts = Objects.requireNonNullElse(maxAttempts, 5);
        outboxPollInterval = Objects.requireNonNullElse(outboxPollInterval, Duration.milliseconds(250));
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("scheduler.batchSize and scheduler.maxAttempts must be positive");
        }
    }

    public static SchedulerConfig defaults() {
        return new SchedulerConfig(null, null, null, null, null, null);
    }
}
