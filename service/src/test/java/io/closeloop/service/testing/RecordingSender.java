package io.closeloop.service.testing;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel's sender (the web's unless told otherwise) that records what it is asked to send and answers with
 * scripted outcomes; standing in for Twilio behind the outbound queue, it records the texts a phone receives.
 */
public final class RecordingSender implements MessageSender {

    private final Channel channel;
    private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    private final Deque<SendResult> scripted = new ArrayDeque<>();

    public RecordingSender() {
        this(Channel.WEB);
    }

    public RecordingSender(Channel channel) {
        this.channel = channel;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public synchronized SendResult send(OutboundMessage message) {
        SendResult result = scripted.isEmpty() ? SendResult.accepted(message.idempotencyKey()) : scripted.poll();
        if (result.outcome() == SendResult.Outcome.ACCEPTED) {
            sent.add(message);
        }
        return result;
    }

    /** The next sends answer with these outcomes, in order; afterwards sends are accepted. */
    public synchronized void script(SendResult... results) {
        scripted.addAll(List.of(results));
    }

    public List<OutboundMessage> sentFor(String invitationId) {
        return sent.stream().filter(m -> m.idempotencyKey().startsWith(invitationId + ":")).toList();
    }

    /** The texts sent to one address, in order. */
    public List<String> to(String address) {
        return sent.stream().filter(m -> m.to().equals(address)).map(OutboundMessage::text).toList();
    }
}
