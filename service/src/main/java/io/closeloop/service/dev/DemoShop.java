package io.closeloop.service.dev;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.service.api.PurchaseAccepted;
import io.closeloop.service.api.PurchaseRequest;
import io.closeloop.service.survey.PurchaseIntake;
import io.closeloop.service.security.TokenGenerator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The demo shop's checkout: a purchase through the same intake as {@code POST /api/v1/purchases}, for a new demo
 * customer each time (so the frequency cap never suppresses the survey), delivered at once. The page never holds
 * the API key: this runs on the server.
 */
public final class DemoShop {

    /** What the visitor may give; everything is optional. */
    public record Order(@JsonProperty("name") String name, @JsonProperty("phone") String phone,
                        @JsonProperty("locale") String locale) {
    }

    /** The order placed, and the survey it earned. */
    public record Placed(String orderId, String status, String reason, String channel, Instant sendAt,
                         String surveyUrl) {
    }

    private final PurchaseIntake intake;
    private final TokenGenerator tokens;
    private final Clock clock;

    public DemoShop(PurchaseIntake intake, TokenGenerator tokens, Clock clock) {
        this.intake = intake;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Placed place(Order order) {
        Order o = order == null ? new Order(null, null, null) : order;
        String random = tokens.newId().replaceAll("[^A-Za-z0-9]", "");
        String id = random.substring(0, Math.min(10, random.length())).toUpperCase(Locale.ROOT);
        String phone = blankToNull(o.phone());
        boolean chinese = o.locale() != null && o.locale().strip().toLowerCase(Locale.ROOT).startsWith("zh");
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        PurchaseRequest purchase = new PurchaseRequest("DEMO-" + id,
                new PurchaseRequest.Customer("demo-" + id.toLowerCase(Locale.ROOT), blankToNull(o.name()), phone, null,
                        null, blankToNull(o.locale()), null),
                // With a phone number the survey goes by SMS (to the log in local.yml); without, as a web link.
                phone == null ? "web" : "auto", now, now, "demo-shop",
                List.of(new PurchaseRequest.Product("TEA-001", chinese ? "龙井绿茶" : "Longjing green tea")),
                new BigDecimal("128.00"), "CNY");
        PurchaseAccepted invitation = intake.accept(purchase).invitation();
        return new Placed(purchase.orderId(), invitation.status(), invitation.reason(), invitation.channel(),
                invitation.sendAt(), invitation.surveyUrl());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
