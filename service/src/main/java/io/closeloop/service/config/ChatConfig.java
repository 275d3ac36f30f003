package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.Objects;

/**
 * The chat panel a shop puts on its site ({@code /widget.js}).
 *
 * @param enabled    whether {@code /chat}, {@code /widget.js} and {@code /api/v1/chat} are served
 * @param secret     signs visitors' session tokens (at least 32 characters); changing it ends every session
 * @param sessionTtl how long a visitor's session lasts (default 30 days)
 */
public record ChatConfig(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("secret") SecretString secret,
        @JsonProperty("sessionTtl") Duration sessionTtl) {

    public ChatConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
        sessionTtl = Objects.requireNonNullElse(sessionTtl, Duration.days(30));
        secret = secret == null || secret.reveal().isBlank() ? null : secret;
        if (enabled && (secret == null || secret.reveal().length() < 32)) {
            throw new IllegalArgumentException("chat.secret (32+ characters) is required when chat.enabled is true");
        }
    }

    public static ChatConfig defaults() {
        return new ChatConfig(null, null, null);
    }
}
