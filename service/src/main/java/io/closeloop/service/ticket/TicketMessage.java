package io.closeloop.service.ticket;

import java.time.Instant;

/** An agent's reply or note on a ticket, with its delivery. */
public record TicketMessage(long id, String kind, Long agentId, String agentName, String body, String delivery,
        String sentVia, Instant createdAt) {
}
