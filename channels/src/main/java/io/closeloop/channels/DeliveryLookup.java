package io.closeloop.channels;

import java.time.Instant;
import java.util.Optional;

/**
 * What a sender offers when a send can end with {@link SendResult.Outcome#OUTCOME_UNKNOWN}: a way to find out
 * whether the channel accepted the message after all, so that it is sent again only when it was not.
 */
public interface DeliveryLookup {

    /**
     * @return the channel's id for the message when the channel accepted it at or after {@code since}, empty
     *     when it certainly did not
     * @throws RuntimeException when the channel cannot be asked right now
     */
    Optional<String> findAccepted(OutboundMessage message, Instant since);
}
