package io.closeloop.service.survey;

import io.closeloop.service.i18n.SupportedLocales;
import io.closeloop.service.security.TokenGenerator;

import io.closeloop.channels.Channel;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.api.PurchaseAccepted;
import io.closeloop.service.api.PurchaseRequest;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.customer.CustomerRow;
import io.closeloop.service.db.Transactions;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.closeloop.channels.sms.E164;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Takes purchase events in: validates them, finds or creates the customer with every address given, and
 * decides the survey invitation. Idempotent on {@code orderId}.
 */
public final class PurchaseIntake {

    /** What happened to one purchase event. {@code created} is false when the order was already known. */
    public record Outcome(boolean created, PurchaseAccepted invitation) {
    }

    /** No shop has orders from before; and MySQL's DATETIME holds nothing before the year 1000. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern OPEN_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{Graph}]{1,128}");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_PRODUCTS = 100;

    private final Jdbi jdbi;
    private final TemplateCatalog templates;
    private final SchedulingPolicy policy;
    private final TokenGenerator tokens;
    private final Clock clock;
    private final Set<Channel> enabledChannels;
    private final String templateKey;
    private final ZoneId defaultZone;
    private final URI publicBaseUrl;

    public PurchaseIntake(Jdbi jdbi, TemplateCatalog templates, SchedulingPolicy policy, TokenGenerator tokens,
            Clock clock, Set<Channel> enabledChannels, String templateKey, ZoneId defaultZone, URI publicBaseUrl) {
        this.jdbi = jdbi;
        this.templates = templates;
        this.policy = policy;
        this.tokens = tokens;
        this.clock = clock;
        this.enabledChannels = Set.copyOf(enabledChannels);
        this.templateKey = templateKey;
        this.defaultZone = defaultZone;
        this.publicBaseUrl = publicBaseUrl;
    }

    public Outcome accept(PurchaseRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ValidPurchase purchase = validate(request, now);
        SurveyTemplate template = templates.latest(templateKey)
                .orElseThrow(() -> TemplateCatalog.unknownTemplate(templateKey));
        return Transactions.retrying(jdbi, handle -> accept(handle, purchase, template, now));
    }

    public String surveyUrl(String token) {
        return token == null ? null : publicBaseUrl + "/s/" + token;
    }

    private Outcome accept(Handle handle, ValidPurchase purchase, SurveyTemplate template, Instant now) {
        SurveyDao surveys = handle.attach(SurveyDao.class);
        CustomerDao customers = handle.attach(CustomerDao.class);
        Optional<PurchaseRow> known = surveys.purchaseByOrderId(purchase.orderId());
        if (known.isPresent()) {
            InvitationRow invitation = surveys.invitationForPurchase(known.get().id()).orElseThrow();
            return new Outcome(false, view(invitation));
        }
        Optional<CustomerRow> existing = customers.findByExternalId(purchase.externalId());
        long customerId = upsertCustomer(customers, existing, purchase, now);
        // A customer inserted by this transaction is locked by the insert; a known one is locked here, so two
        // purchases of one customer are decided one after the other (the frequency cap).
        CustomerRow customer = existing.isPresent() ? customers.lock(customerId).orElseThrow()
                : new CustomerRow(customerId, purchase.externalId(), purchase.name(), purchase.email(),
                        purchase.locale() == null ? SupportedLocales.ENGLISH : purchase.locale(), purchase.timeZone(), now, now);
        ZoneId zone = customer.timeZone() == null ? defaultZone : ZoneId.of(customer.timeZone());
        Channel channel = purchase.channel().orElseGet(() -> autoChannel(purchase));
        String address = switch (channel) {
            case SMS -> purchase.phone();
            case WECHAT -> purchase.wechatOpenId();
            case WEB, CHAT -> null;
        };

        long purchaseId = surveys.insertPurchase(purchase.orderId(), customerId, purchase.store(),
                purchase.purchasedAt(), purchase.deliveredAt().orElse(null), purchase.amount(), purchase.currency(), now);
        // Statement by statement: a purchase has a handful of products, and a JDBC batch costs more than that.
        for (int line = 0; line < purchase.products().size(); line++) {
            PurchaseRequest.Product product = purchase.products().get(line);
            surveys.insertProduct(purchaseId, line + 1, product.sku(), product.name());
        }

        Instant planned = policy.plannedSendTime(purchase.purchasedAt(), purchase.deliveredAt(), zone, now);
        Optional<Instant> otherSurvey = existing.isEmpty() ? Optional.empty() : surveys.surveyBetween(customerId,
                planned.minus(policy.frequencyCap()), planned.plus(policy.frequencyCap()));
        boolean hasAddresses = existing.isPresent() || purchase.phone() != null || purchase.wechatOpenId() != null;
        boolean optedOut = hasAddresses && customers.isOptedOut(customerId);
        SchedulingPolicy.Decision decision = policy.decide(purchase.purchasedAt(), purchase.deliveredAt(), zone, now,
                new SchedulingPolicy.CustomerHistory(optedOut, otherSurvey));

        InvitationRow invitation = decision instanceof SchedulingPolicy.Decision.Send send
                ? newInvitation(purchaseId, customer, template, channel, address, zone, InvitationStatus.SCHEDULED,
                        null, send.sendAt(), tokens.newToken(), now)
                : newInvitation(purchaseId, customer, template, channel, address, zone, InvitationStatus.SUPPRESSED,
                        ((SchedulingPolicy.Decision.Suppress) decision).reason().wireName(), null, null, now);
        surveys.insertInvitation(invitation);
        return new Outcome(true, view(invitation));
    }

    private InvitationRow newInvitation(long purchaseId, CustomerRow customer, SurveyTemplate template, Channel channel,
            String address, ZoneId zone, InvitationStatus status, String reason, Instant sendAt, String token,
            Instant now) {
        return new InvitationRow(tokens.newId(), token, purchaseId, customer.id(), template.id(), channel.wireName(),
                address, customer.locale(), zone.getId(), status.wireName(), reason, sendAt, null, null, null, null,
                null, null, null, now, null, null, 0, 0, null, null, 0, null);
    }

    private PurchaseAccepted view(InvitationRow invitation) {
        return new PurchaseAccepted(invitation.id(), invitation.status(), invitation.reason(), invitation.channel(),
                invitation.sendAt(), surveyUrl(invitation.token()));
    }

    /** WeChat where the customer is linked and the channel is on, then SMS likewise, else the web link. */
    private Channel autoChannel(ValidPurchase purchase) {
        if (purchase.wechatOpenId() != null && enabledChannels.contains(Channel.WECHAT)) {
            return Channel.WECHAT;
        }
        if (purchase.phone() != null && enabledChannels.contains(Channel.SMS)) {
            return Channel.SMS;
        }
        return Channel.WEB;
    }

    private long upsertCustomer(CustomerDao customers, Optional<CustomerRow> known, ValidPurchase p, Instant now) {
        long id = known
                .map(existing -> {
                    customers.updateDetails(existing.id(), p.name(), p.email(), p.locale(), p.timeZone(), now);
                    return existing.id();
                })
                .orElseGet(() -> customers.insert(p.externalId(), p.name(), p.email(),
                        p.locale() == null ? SupportedLocales.ENGLISH : p.locale(), p.timeZone(), now));
        linkAddress(customers, id, Channel.SMS, p.phone(), now);
        linkAddress(customers, id, Channel.WECHAT, p.wechatOpenId(), now);
        return id;
    }

    private static void linkAddress(CustomerDao customers, long customerId, Channel channel, String address, Instant now) {
        if (address != null && !customers.hasAddress(customerId, channel.wireName(), address)) {
            customers.insertAddress(customerId, channel.wireName(), address, now);
        }
    }

    // --- validation ------------------------------------------------------------------------------------

    private record ValidPurchase(
            String orderId, String externalId, String name, String phone, String wechatOpenId, String email,
            String locale, String timeZone, Optional<Channel> channel, Instant purchasedAt,
            Optional<Instant> deliveredAt, String store, List<PurchaseRequest.Product> products, BigDecimal amount,
            String currency) {
    }

    private ValidPurchase validate(PurchaseRequest r, Instant now) {
        FieldProblems problems = new FieldProblems();
        if (r == null) {
            problems.add("body", "a purchase event is required").throwIfAny();
        }
        String orderId = identifier(problems, "orderId", r.orderId());
        PurchaseRequest.Customer c = r.customer();
        String externalId = null;
        String name = null;
        String phone = null;
        String openId = null;
        String email = null;
        String locale = null;
        String zone = null;
        if (c == null) {
            problems.add("customer", "is required");
        } else {
            externalId = identifier(problems, "customer.externalId", c.externalId());
            name = optionalText(problems, "customer.name", c.name(), 200);
            phone = blankToNull(c.phone());
            if (phone != null && !E164.isValid(phone)) {
                problems.add("customer.phone", "must be an E.164 number such as +8613800138000");
            }
            openId = blankToNull(c.wechatOpenId());
            if (openId != null && !OPEN_ID.matcher(openId).matches()) {
                problems.add("customer.wechatOpenId", "must be a WeChat OpenID (6 to 64 letters, digits, - or _)");
            }
            email = blankToNull(c.email());
            if (email != null && (email.length() > 320 || !EMAIL.matcher(email).matches())) {
                problems.add("customer.email", "must be an e-mail address");
            }
            if (blankToNull(c.locale()) != null) {
                locale = SupportedLocales.normalize(c.locale()).orElse(null);
                if (locale == null) {
                    problems.add("customer.locale", "must be a BCP 47 language tag such as en or zh-CN");
                }
            }
            if (blankToNull(c.timeZone()) != null) {
                try {
                    zone = ZoneId.of(c.timeZone().trim()).getId();
                } catch (DateTimeException e) {
                    problems.add("customer.timeZone", "must be an IANA time zone such as Asia/Shanghai");
                }
            }
        }
        Optional<Channel> channel = Optional.empty();
        String channelName = blankToNull(r.channel());
        if (channelName != null && !channelName.equals("auto")) {
            channel = Channel.fromWireName(channelName).filter(named -> named != Channel.CHAT);
            if (channel.isEmpty()) {
                problems.add("channel", "must be one of sms, wechat, web, auto");
            } else if (!enabledChannels.contains(channel.get())) {
                problems.add("channel", "the " + channelName + " channel is not enabled on this server");
            } else if (channel.get() == Channel.SMS && phone == null) {
                problems.add("customer.phone", "is required for the sms channel");
            } else if (channel.get() == Channel.WECHAT && openId == null) {
                problems.add("customer.wechatOpenId", "is required for the wechat channel");
            }
        }
        Instant purchasedAt = instant(problems, "purchasedAt", r.purchasedAt(), true, now);
        Instant deliveredAt = instant(problems, "deliveredAt", r.deliveredAt(), false, now);
        if (purchasedAt != null && deliveredAt != null && deliveredAt.isBefore(purchasedAt)) {
            problems.add("deliveredAt", "must not be before purchasedAt");
        }
        String store = optionalText(problems, "store", r.store(), 128);
        List<PurchaseRequest.Product> products = new ArrayList<>();
        if (r.products() != null) {
            if (r.products().size() > MAX_PRODUCTS) {
                problems.add("products", "at most " + MAX_PRODUCTS + " products");
            }
            for (int i = 0; i < r.products().size() && i < MAX_PRODUCTS; i++) {
                PurchaseRequest.Product p = r.products().get(i);
                if (p == null) {
                    problems.add("products[" + i + "]", "must not be null");
                    continue;
                }
                String sku = identifier(problems, "products[" + i + "].sku", p.sku());
                String productName = optionalText(problems, "products[" + i + "].name", p.name(), 300);
                products.add(new PurchaseRequest.Product(sku, productName));
            }
        }
        if (r.amount() != null && (r.amount().signum() < 0 || r.amount().scale() > 4 || r.amount().precision() - r.amount().scale() > 15)) {
            problems.add("amount", "must be a non-negative amount with at most 4 decimals");
        }
        String currency = blankToNull(r.currency());
        if (currency != null) {
            try {
                currency = Currency.getInstance(currency.toUpperCase(java.util.Locale.ROOT)).getCurrencyCode();
            } catch (IllegalArgumentException e) {
                problems.add("currency", "must be an ISO 4217 code such as CNY or USD");
            }
        }
        if (r.amount() != null && blankToNull(r.currency()) == null) {
            problems.add("currency", "is required with amount");
        }
        problems.throwIfAny();
        return new ValidPurchase(orderId, externalId, name, phone, openId, email, locale, zone, channel,
                purchasedAt, Optional.ofNullable(deliveredAt), store, products, r.amount(), currency);
    }

    private static String identifier(FieldProblems problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field, "is required");
            return null;
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            problems.add(field, "must be 1 to 128 visible characters without spaces");
            return null;
        }
        return value;
    }

    private static String optionalText(FieldProblems problems, String field, String value, int max) {
        String text = blankToNull(value);
        if (text != null && text.codePointCount(0, text.length()) > max) {
            problems.add(field, "must be at most " + max + " characters");
            return null;
        }
        return text == null ? null : text.strip();
    }

    private static Instant instant(FieldProblems problems, String field, String value, boolean required, Instant now) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field, "is required");
            }
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value.trim()).toInstant().truncatedTo(ChronoUnit.SECONDS);
            if (instant.isBefore(EARLIEST)) {
                problems.add(field, "must not be before 2000-01-01");
                return null;
            }
            if (instant.isAfter(now.plus(CLOCK_SKEW))) {
                problems.add(field, "must not be in the future");
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            problems.add(field, "must be an ISO-8601 date-time with an offset, such as 2026-11-20T14:30:00+08:00");
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
