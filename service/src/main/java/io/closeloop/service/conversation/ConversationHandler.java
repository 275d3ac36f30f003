package io.closeloop.service.conversation;

import io.closeloop.channels.InboundMessage;
import java.util.Optional;

/**
 * Where a customer's message goes when it is neither a keyword nor an answer to a survey in progress. The
 * bot takes this place in a later issue; until then {@link AutoReply} answers.
 */
public interface ConversationHandler {

    /** The reply to give, in the customer's locale, if any. Called inside the message's transaction. */
    Optional<String> reply(InboundMessage message, String locale);
}
