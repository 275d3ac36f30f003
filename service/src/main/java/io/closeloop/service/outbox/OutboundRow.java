package io.closeloop.service.outbox;

import java.time.Instant;

/**
 * One message in the outbound queue. Status: {@code queued} (waiting), {@code sending} (claimed by a worker
 * that is sending it; still so after its lease ran out, its worker stopped mid-send), {@code unknown} (the last
 * attempt may have reached the channel), {@code sent} (the channel accepted it), {@code failed},
 * {@code suppressed} (the recipient opted out).
 */
public record OutboundRow(
        long id,
        String idempotencyKey,
        String channel,
        String sender,
        String toAddress,
        String body,
        String locale,
        String status,
        String providerMessageId,
        String providerStatus,
        String errorCode,
        String lastError,
        int attempts,
        Instant notBefore,
        String claimOwner,
        Instant leaseUntil,
        Instant createdAt,
        Instant sentAt,
        Instant statusAt) {
}
