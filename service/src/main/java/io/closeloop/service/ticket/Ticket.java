package io.closeloop.service.ticket;

import java.time.Instant;

/** A ticket as agents and the API see it. */
public record Ticket(long id, Long customerId, String channel, String address, String locale, String status,
        String reason, String summary, String topic, int priority, Long assigneeId, Instant firstResponseAt,
        Instant firstResponseDue, boolean firstResponseBreached, Instant resolvedAt, Instant resolutionDue,
        boolean resolutionBreached, Integer followupScore, Instant closedAt, Instant createdAt, Instant updatedAt) {
}
