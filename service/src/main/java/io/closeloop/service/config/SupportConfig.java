package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.util.Objects;

/**
 * Service levels for tickets.
 *
 * @param firstResponse       time to the first agent reply (default 2 hours)
 * @param resolution          time to resolve (default 24 hours)
 * @param breachWebhook       where a breach is posted (JSON, signed); empty: the log only
 * @param breachWebhookSecret the HMAC-SHA256 key of {@code X-Closeloop-Signature}
 */
public record SupportConfig(
        @JsonProperty("firstResponse") Duration firstResponse,
        @JsonProperty("resolution") Duration resolution,
        @JsonProperty("breachWebhook") URI breachWebhook,
        @JsonProperty("breachWebhookSecret") SecretString breachWebhookSecret) {

    public SupportConfig {
        firstResponse = Objects.requireNonNullElse(firstResponse, Duration.hours(2));
        resolution = Objects.requireNonNullElse(resolution, Duration.hours(24));
        breachWebhook = breachWebhook == null || breachWebhook.toString().isBlank() ? null : breachWebhook;
        if (breachWebhook != null && (breachWebhookSecret == null || breachWebhookSecret.reveal().length() < 16)) {
            throw new IllegalArgumentException("support.breachWebhookSecret (16+ characters) goes with support.breachWebhook");
        }
    }

    public static SupportConfig defaults() {
        return new SupportConfig(null, null, null, null);
    }
}
