package io.closeloop.channels;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A message for one customer on one channel.
 *
 * @param channel        the channel to use
 * @param to             the customer's address on that channel; for the web channel, the customer's reference
 * @param text           the text, already in the customer's language
 * @param link           a link the message carries (a survey link), when there is one
 * @param locale         the customer's locale as a BCP 47 tag
 * @param idempotencyKey one key per logical message: a sender that sees the same key twice must not deliver twice
 */
public record OutboundMessage(
        Channel channel, String to, String text, Optional<URI> link, String locale, String idempotencyKey) {

    public OutboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
