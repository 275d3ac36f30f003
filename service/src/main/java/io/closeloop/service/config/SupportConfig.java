package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Service levels and the rules that open and rank tickets.
 *
 * @param firstResponse       time to the first agent reply (default 2 hours), counted in business hours if given
 * @param resolution          time to resolve (default 24 hours), likewise
 * @param businessHours       when agents work; absent: around the clock
 * @param breachWebhook       where a breach is posted (JSON, signed); empty: the log only
 * @param breachWebhookSecret the HMAC-SHA256 key of {@code X-Closeloop-Signature}
 * @param detractorNps        an NPS answer at or below this opens a ticket (default 6)
 * @param detractorCsat       a CSAT answer at or below this opens a ticket (default 2)
 * @param valuableSpend       a customer whose purchases add up to this much (any currency) gets priority (500)
 * @param valuablePurchases   so does a customer with this many purchases (default 5)
 * @param recentDetractor     a customer who was a detractor this recently goes straight to a person (7 days)
 * @param closeAfter          a resolved ticket closes this long after resolution (default 7 days)
 */
public record SupportConfig(
        @JsonProperty("firstResponse") Duration firstResponse,
        @JsonProperty("resolution") Duration resolution,
        @JsonProperty("businessHours") BusinessHoursConfig businessHours,
        @JsonProperty("breachWebhook") URI breachWebhook,
        @JsonProperty("breachWebhookSecret") SecretString breachWebhookSecret,
        @JsonProperty("detractorNps") Integer detractorNps,
        @JsonProperty("detractorCsat") Integer detractorCsat,
        @JsonProperty("valuableSpend") BigDecimal valuableSpend,
        @JsonProperty("valuablePurchases") Integer valuablePurchases,
        @JsonProperty("recentDetractor") Duration recentDetractor,
        @JsonProperty("closeAfter") Duration closeAfter) {

    /**
     * Working hours in one time zone, e.g. {@code {timeZone: Asia/Shanghai, days: [MON, TUE, WED, THU, FRI],
     * open: "09:00", close: "18:00", holidays: ["2027-01-01"]}}.
     */
    public record BusinessHoursConfig(
            @JsonProperty("timeZone") String timeZone,
            @JsonProperty("days") List<String> days,
            @JsonProperty("open") String open,
            @JsonProperty("close") String close,
            @JsonProperty("holidays") List<String> holidays) {
    }

    public SupportConfig {
        firstResponse = Objects.requireNonNullElse(firstResponse, Duration.hours(2));
        resolution = Objects.requireNonNullElse(resolution, Duration.hours(24));
        breachWebhook = breachWebhook == null || breachWebhook.toString().isBlank() ? null : breachWebhook;
        if (breachWebhook != null && (breachWebhookSecret == null || breachWebhookSecret.reveal().length() < 16)) {
            throw new IllegalArgumentException("support.breachWebhookSecret (16+ characters) goes with support.breachWebhook");
        }
        detractorNps = Objects.requireNonNullElse(detractorNps, 6);
        detractorCsat = Objects.requireNonNullElse(detractorCsat, 2);
        if (detractorNps < 0 || detractorNps > 9 || detractorCsat < 1 || detractorCsat > 4) {
            throw new IllegalArgumentException("support.detractorNps is 0-9 and support.detractorCsat 1-4");
        }
        valuableSpend = Objects.requireNonNullElse(valuableSpend, new BigDecimal(500));
        valuablePurchases = Objects.requireNonNullElse(valuablePurchases, 5);
        recentDetractor = Objects.requireNonNullElse(recentDetractor, Duration.days(7));
        closeAfter = Objects.requireNonNullElse(closeAfter, Duration.days(7));
    }

    public static SupportConfig defaults() {
        return new SupportConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
