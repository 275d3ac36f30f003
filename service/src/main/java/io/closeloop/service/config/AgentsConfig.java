package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.Objects;

/**
 * Agent accounts and sign-in.
 *
 * @param initialAdminUser     the first admin, created at start-up when no agent has that name (empty: none)
 * @param initialAdminPassword that admin's password (at least 12 characters)
 * @param sessionTtl           how long a sign-in lasts
 * @param maxFailedLogins      failed sign-ins in a row before the account is locked
 * @param lockout              how long it stays locked
 * @param awayAfter            how long an agent may leave the console untouched before they are away
 */
public record AgentsConfig(
        @JsonProperty("initialAdminUser") String initialAdminUser,
        @JsonProperty("initialAdminPassword") SecretString initialAdminPassword,
        @JsonProperty("sessionTtl") Duration sessionTtl,
        @JsonProperty("maxFailedLogins") Integer maxFailedLogins,
        @JsonProperty("lockout") Duration lockout,
        @JsonProperty("awayAfter") Duration awayAfter) {

    public AgentsConfig {
        initialAdminUser = initialAdminUser == null || initialAdminUser.isBlank() ? null : initialAdminUser.strip();
        initialAdminPassword = initialAdminPassword == null || initialAdminPassword.reveal().isBlank() ? null
                : initialAdminPassword;
        sessionTtl = Objects.requireNonNullElse(sessionTtl, Duration.hours(12));
        maxFailedLogins = Objects.requireNonNullElse(maxFailedLogins, 5);
        lockout = Objects.requireNonNullElse(lockout, Duration.minutes(15));
        awayAfter = Objects.requireNonNullElse(awayAfter, Duration.minutes(5));
        if ((initialAdminUser == null) != (initialAdminPassword == null)) {
            throw new IllegalArgumentException("agents.initialAdminUser and agents.initialAdminPassword go together");
        }
        if (initialAdminPassword != null && initialAdminPassword.reveal().length() < 12) {
            throw new IllegalArgumentException("agents.initialAdminPassword must have at least 12 characters");
        }
        if (awayAfter.toSeconds() < 60) {
            throw new IllegalArgumentException("agents.awayAfter must be at least 1 minute (the console beats every 30 s)");
        }
        if (maxFailedLogins < 1) {
            throw new IllegalArgumentException("agents.maxFailedLogins must be positive");
        }
    }

    public static AgentsConfig defaults() {
        return new AgentsConfig(null, null, null, null, null, null);
    }
}
