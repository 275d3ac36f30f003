package io.closeloop.service.resources;

import io.closeloop.service.metrics.MetricsFilter;

import io.closeloop.channels.Channel;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.metrics.MetricsDao;

/** The channel, store and product filters shared by the metrics and export endpoints. */
final class Filters {

    private Filters() {
    }

    static MetricsFilter of(String channel, String store, String product) {
        FieldProblems problems = new FieldProblems();
        if (channel != null && !channel.isBlank() && Channel.fromWireName(channel.trim()).isEmpty()) {
            problems.add("channel", "must be one of sms, wechat, web");
        }
        if (store != null && store.length() > 128) {
            problems.add("store", "must be at most 128 characters");
        }
        if (product != null && product.length() > 128) {
            problems.add("product", "must be at most 128 characters");
        }
        problems.throwIfAny();
        return new MetricsFilter(trim(channel), trim(store), trim(product));
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
