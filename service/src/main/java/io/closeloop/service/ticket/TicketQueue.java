package io.closeloop.service.ticket;

import java.time.Instant;

/** Open tickets of one language and topic, for supervisors. */
public record TicketQueue(String locale, String topic, long open, long unassigned, Instant oldestUnassigned, long breached) {
}
