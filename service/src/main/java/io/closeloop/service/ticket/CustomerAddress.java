package io.closeloop.service.ticket;

/** Where a customer can be reached: a channel and their address on it. */
public record CustomerAddress(String channel, String address) {
}
