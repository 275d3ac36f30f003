package io.closeloop.channels;

import java.util.Optional;

/** The port through which every channel hands a customer's message to the conversation engine. */
public interface InboundHandler {

    /**
     * Handles one message. Called at least once per message: implementations are idempotent on
     * (channel, account, externalId).
     *
     * @return the reply to give in the same exchange, if any
     */
    Optional<Reply> handle(InboundMessage message);
}
