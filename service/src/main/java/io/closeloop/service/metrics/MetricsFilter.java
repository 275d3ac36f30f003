package io.closeloop.service.metrics;

/** Optional filters of the CX figures; null or empty means any. */
public record MetricsFilter(String channel, String store, String product) {
    public MetricsFilter {
        channel = channel == null ? "" : channel;
        store = store == null ? "" : store;
        product = product == null ? "" : product;
    }
}
