package io.closeloop.channels;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message a customer sent us, already verified and decoded by its channel adapter.
 *
 * @param channel    where it came from
 * @param account    which of our accounts on that channel received it (a Twilio number, a WeChat account id)
 * @param externalId the channel's own id for the message, the idempotency key within (channel, account)
 * @param from       the customer's address on the channel (phone number, OpenID, web visitor id)
 * @param text       what the customer wrote, exactly as written
 * @param receivedAt when the channel says it was sent
 * @param attributes any further channel parameters, kept for audit
 *
 * <p>The handler stores {@code externalId} and {@code from} in columns of {@link #MAX_EXTERNAL_ID} and
 * {@link #MAX_FROM} characters: adapters refuse longer values with a 400 before building a message.
 */
public record InboundMessage(
        Channel channel,
        String account,
        String externalId,
        String from,
        String text,
        Instant receivedAt,
        Map<String, String> attributes) {

    /** The longest {@code externalId} the handler can store. */
    public static final int MAX_EXTERNAL_ID = 64;
    /** The longest {@code from} address the handler can store. */
    public static final int MAX_FROM = 191;

    public InboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(receivedAt, "receivedAt");
        text = text == null ? "" : text;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
