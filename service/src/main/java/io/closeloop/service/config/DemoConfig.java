package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The demo shop at {@code /demo}: a page with the chat widget and a button that places a test order. Only
 * {@code config/local.yml} turns it on; anyone who reaches it can create purchases.
 *
 * @param enabled whether {@code /demo} and {@code /api/v1/demo/orders} are served (default off)
 */
public record DemoConfig(@JsonProperty("enabled") Boolean enabled) {

    public DemoConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
    }

    public static DemoConfig disabled() {
        return new DemoConfig(false);
    }
}
