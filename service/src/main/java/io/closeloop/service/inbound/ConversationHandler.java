package io.closeloop.service.inbound;

import io.closeloop.channels.InboundMessage;
import java.util.Optional;

/**
 * Where a customer's message goes when it is neither a keyword nor an answer to a survey in progress. The
 * bot ({@code io.closeloop.service.bot.Bot}) takes this place, with {@link AutoReply} behind it while there is
 * no FAQ.
 */
public interface ConversationHandler {

    /**
     * The reply to give, in the customer's locale, if any. Called inside the message's transaction, whose
     * handle it may use: what it changes commits with the message's record.
     */
    Optional<String> reply(org.jdbi.v3.core.Handle handle, InboundMessage message, String locale, java.time.Instant now);
}
