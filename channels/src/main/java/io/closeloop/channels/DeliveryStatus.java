package io.closeloop.channels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an outbound message is, in Twilio's vocabulary (which covers the other channels too), ranked so that
 * a late report can never move a message backwards. Final statuses share the top ranks.
 */
public enum DeliveryStatus {
    ACCEPTED(1),
    SCHEDULED(1),
    QUEUED(2),
    SENDING(3),
    SENT(4),
    PARTIALLY_DELIVERED(5),
    DELIVERED(6),
    UNDELIVERED(6),
    FAILED(6),
    CANCELED(6),
    READ(7);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWireName(String name) {
        return name == null ? Optional.empty()
                : Arrays.stream(values()).filter(s -> s.wireName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** Whether a report of {@code next} may replace this status. */
    public boolean mayMoveTo(DeliveryStatus next) {
        return next.rank > rank;
    }

    public boolean isFailure() {
        return this == UNDELIVERED || this == FAILED || this == CANCELED;
    }
}
