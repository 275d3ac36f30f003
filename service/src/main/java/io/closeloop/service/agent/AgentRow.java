package io.closeloop.service.agent;

import java.time.Instant;

/** An agent as stored; {@link #toString()} leaves the password hash out. */
public record AgentRow(long id, String username, String displayName, String role, String passwordHash, String status,
        String languages, String topics, int capacity, int failedLogins, Instant lockedUntil, Instant createdAt) {

    @Override
    public String toString() {
        return "Agent[" + id + ", " + username + ", " + role + "]";
    }
}
