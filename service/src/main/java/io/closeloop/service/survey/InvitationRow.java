package io.closeloop.service.survey;

import java.time.Instant;

/** A survey invitation as stored: the unit of durable work for sending, reminding and answering. */
public record InvitationRow(
        String id,
        String token,
        long purchaseId,
        long customerId,
        long templateId,
        String channel,
        String address,
        String locale,
        String timeZone,
        String status,
        String reason,
        Instant sendAt,
        Instant sentAt,
        Instant remindAt,
        Instant remindedAt,
        Instant expiresAt,
        Instant openedAt,
        Instant firstAnswerAt,
        Instant completedAt,
        Instant createdAt,
        String claimOwner,
        Instant leaseUntil,
        int sendAttempts,
        int reminderAttempts,
        String lastError,
        String currentQuestionId,
        int misses,
        Instant closedNoticeAt) {

    /** Short, and without the address or token: rows end up in logs and error messages. */
    @Override
    public String toString() {
        return "Invitation[" + id + ", " + channel + ", " + status + "]";
    }

    public InvitationStatus statusValue() {
        return InvitationStatus.fromWireName(status);
    }

    /** Expired either by the worker or, between two of its runs, by the clock. */
    public boolean isExpiredAt(Instant now) {
        return statusValue() == InvitationStatus.EXPIRED
                || (expiresAt != null && !now.isBefore(expiresAt) && statusValue() != InvitationStatus.COMPLETED);
    }
}
