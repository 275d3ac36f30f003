package io.closeloop.service.chat;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;

/** Agents' replies to a chat visitor: written to the conversation their panel reads. */
public final class ChatSender implements MessageSender {
    private final WebChat chat;

    public ChatSender(WebChat chat) {
        this.chat = chat;
    }

    @Override
    public Channel channel() {
        return Channel.CHAT;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        chat.deliver(message.to(), message.text(), message.idempotencyKey());
        return SendResult.accepted(null);
    }
}
