package io.closeloop.service.customer;

import java.time.Instant;

/** A customer as stored. */
public record CustomerRow(
        long id, String externalId, String name, String email, String locale, String timeZone, Instant createdAt,
        Instant updatedAt) {
}
