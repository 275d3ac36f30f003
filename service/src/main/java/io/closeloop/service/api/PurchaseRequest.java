package io.closeloop.service.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/** {@code POST /api/v1/purchases}: a purchase that may earn the customer a survey. Validated by the intake. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurchaseRequest(
        @JsonProperty("orderId") String orderId,
        @JsonProperty("customer") Customer customer,
        @JsonProperty("channel") String channel,
        @JsonProperty("purchasedAt") String purchasedAt,
        @JsonProperty("deliveredAt") String deliveredAt,
        @JsonProperty("store") String store,
        @JsonProperty("products") List<Product> products,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("currency") String currency) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Customer(
            @JsonProperty("externalId") String externalId,
            @JsonProperty("name") String name,
            @JsonProperty("phone") String phone,
            @JsonProperty("wechatOpenId") String wechatOpenId,
            @JsonProperty("email") String email,
            @JsonProperty("locale") String locale,
            @JsonProperty("timeZone") String timeZone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Product(@JsonProperty("sku") String sku, @JsonProperty("name") String name) {
    }
}
