package io.closeloop.service.agent;

import java.time.Instant;

/**
 * An agent as stored; {@link #toString()} leaves the password hash out. {@code statusManual}: a person chose away or
 * offline, which presence leaves alone.
 */
public record AgentRow(long id, String username, String displayName, String role, String passwordHash, String status,
        boolean statusManual, String languages, String topics, int capacity, int failedLogins, Instant lockedUntil, Instant createdAt) {

    @Override
    public String toString() {
        return "Agent[" + id + ", " + username + ", " + role + "]";
    }
}
