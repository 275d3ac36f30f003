package io.closeloop.service.inbound;

import io.closeloop.channels.InboundMessage;
import io.closeloop.service.i18n.Messages;
import java.util.Optional;

/** The stand-in for the bot: a configurable acknowledgement in the customer's language, or silence. */
public final class AutoReply implements ConversationHandler {

    private final boolean enabled;
    private final Messages messages;

    public AutoReply(boolean enabled, Messages messages) {
        this.enabled = enabled;
        this.messages = messages;
    }

    @Override
    public Optional<String> reply(org.jdbi.v3.core.Handle handle, InboundMessage message, String locale,
            java.time.Instant now) {
        return enabled ? Optional.of(messages.get(locale, "chat.auto_reply")) : Optional.empty();
    }
}
