package io.closeloop.channels;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one send.
 *
 * @param outcome           what happened
 * @param providerMessageId the channel's id for the message when it was accepted
 * @param errorCode         the channel's error code when it was not
 * @param detail            a human-readable explanation, free of personal data
 */
public record SendResult(Outcome outcome, Optional<String> providerMessageId, Optional<String> errorCode, String detail) {

    public enum Outcome {
        /** The channel accepted the message. */
        ACCEPTED,
        /** Trying again may work (a timeout, a 5xx answer before the message was accepted). */
        RETRYABLE_FAILURE,
        /**
         * The request may have reached the channel before the connection broke (a timeout, a 5xx answer):
         * sending again could deliver twice. The caller finds out before it tries again.
         */
        OUTCOME_UNKNOWN,
        /** Trying again will not help (invalid address, the recipient opted out). */
        PERMANENT_FAILURE,
        /** The recipient opted out on the channel itself; the caller must record it. */
        RECIPIENT_OPTED_OUT
    }

    public SendResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(errorCode, "errorCode");
        detail = detail == null ? "" : detail;
    }

    public static SendResult accepted(String providerMessageId) {
        return new SendResult(Outcome.ACCEPTED, Optional.ofNullable(providerMessageId), Optional.empty(), "");
    }

    public static SendResult retryable(String errorCode, String detail) {
        return new SendResult(Outcome.RETRYABLE_FAILURE, Optional.empty(), Optional.ofNullable(errorCode), detail);
    }

    public static SendResult unknown(String errorCode, String detail) {
        return new SendResult(Outcome.OUTCOME_UNKNOWN, Optional.empty(), Optional.ofNullable(errorCode), detail);
    }

    public static SendResult permanent(String errorCode, String detail) {
        return new SendResult(Outcome.PERMANENT_FAILURE, Optional.empty(), Optional.ofNullable(errorCode), detail);
    }

    public static SendResult optedOut(String errorCode, String detail) {
        return new SendResult(Outcome.RECIPIENT_OPTED_OUT, Optional.empty(), Optional.ofNullable(errorCode), detail);
    }
}
