package io.closeloop.channels;

/** The port through which the domain sends a message on one channel. One implementation per channel. */
public interface MessageSender {

    Channel channel();

    /**
     * Delivers the message or says why not. Implementations do not throw for delivery problems; they report
     * them in the result so the caller can record the outcome next to the work item.
     */
    SendResult send(OutboundMessage message);
}
