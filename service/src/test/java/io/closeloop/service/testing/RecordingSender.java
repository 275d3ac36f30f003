package io.closeloop.service.testing;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A web-channel sender that records what it is asked to send and answers with scripted outcomes. */
public final class RecordingSender implements MessageSender {

    private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    private final Deque<SendResult> scripted = new ArrayDeque<>();

    @Override
    public Channel channel() {
        return Channel.WEB;
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
}
