package io.closeloop.service.survey;

import java.math.BigDecimal;
import java.time.Instant;

/** A purchase event as stored. */
public record PurchaseRow(
        long id, String orderId, long customerId, String store, Instant purchasedAt, Instant deliveredAt,
        BigDecimal amount, String currency, Instant receivedAt) {
}
