package io.closeloop.channels;

import java.util.Objects;

/** What to answer a customer in the same exchange, when the channel allows a direct reply. */
public record Reply(String text) {
    public Reply {
        Objects.requireNonNull(text, "text");
    }
}
