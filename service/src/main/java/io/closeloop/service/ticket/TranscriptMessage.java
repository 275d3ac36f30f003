package io.closeloop.service.ticket;

import java.time.Instant;

/** A customer's message on any of their channels, with what the service answered at once. */
public record TranscriptMessage(String channel, String body, String reply, Instant receivedAt) {
}
