package io.closeloop.channels;

import java.util.Arrays;
import java.util.Optional;

/** The ways Closeloop reaches a customer. The wire name is what APIs and the database use. */
public enum Channel {
    SMS("sms"),
    WECHAT("wechat"),
    WEB("web"),
    /** The chat panel on the shop's own site. */
    CHAT("chat");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Channel> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
