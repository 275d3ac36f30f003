package io.closeloop.channels.sms;

import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryStatus;
import io.closeloop.channels.DeliveryStatusListener;
import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.RateLimitedLog;
import io.closeloop.channels.Reply;
import io.closeloop.channels.WebhookFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's webhooks: inbound SMS ({@code /webhooks/twilio/sms}) and delivery reports
 * ({@code /webhooks/twilio/status}). Every request must carry a valid {@code X-Twilio-Signature} computed
 * over the configured public URL (not the request line, which a TLS proxy changes) and every parameter
 * received; otherwise it gets 403 and nothing happens.
 */
@Path("/webhooks/twilio")
public final class TwilioWebhookResource {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhookResource.class);
    /** An unsigned flood would otherwise write a line per request. */
    private static final Duration REJECTION_LOG_INTERVAL = Duration.ofSeconds(10);

    private final List<TwilioAccount> accounts;
    private final URI publicBaseUrl;
    private final InboundHandler inbound;
    private final DeliveryStatusListener statuses;
    private final Clock clock;
    private final RateLimitedLog rejections;

    public TwilioWebhookResource(List<TwilioAccount> accounts, URI publicBaseUrl, InboundHandler inbound,
            DeliveryStatusListener statuses, Clock clock) {
        this.accounts = List.copyOf(accounts);
        String base = publicBaseUrl.toString();
        this.publicBaseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.inbound = inbound;
        this.statuses = statuses;
        this.clock = clock;
        this.rejections = new RateLimitedLog(LOG, REJECTION_LOG_INTERVAL, clock);
    }

    @POST
    @Path("/sms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response inbound(@Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signature,
            MultivaluedMap<String, String> form) {
        Optional<TwilioAccount> account = verified(uri, signature, form, TwilioAccount.Webhook.INBOUND_MESSAGE);
        if (account.isEmpty()) {
            return forbidden();
        }
        Optional<String> sid = TwilioAccount.first(form, "MessageSid").or(() -> TwilioAccount.first(form, "SmsSid"));
        Optional<String> from = TwilioAccount.first(form, "From");
        Optional<Response> invalid = new WebhookFields()
                .check(sid.isPresent(), "MessageSid", "required")
                .atMost("MessageSid", sid, InboundMessage.MAX_EXTERNAL_ID)
                .check(from.isPresent(), "From", "required")
                .atMost("From", from, InboundMessage.MAX_FROM)
                .badRequest("invalid_webhook");
        if (invalid.isPresent()) {
            rejections.warn("twilio.fields", "Refused a signed Twilio message from {}: fields too long or missing",
                    PersonalData.maskInput(from.orElse("?")));
            return invalid.get();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        form.forEach((name, values) -> attributes.put(name, String.join(",", values)));
        InboundMessage message = new InboundMessage(Channel.SMS, account.get().name(), sid.get(), from.get(),
                TwilioAccount.first(form, "Body").orElse(""), clock.instant(), attributes);
        Optional<Reply> reply = inbound.handle(message);
        return Response.ok(reply.map(r -> TwiML.messages(r.text())).orElseGet(TwiML::empty), TwiML.MEDIA_TYPE).build();
    }

    @POST
    @Path("/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response status(@Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signature,
            MultivaluedMap<String, String> form) {
        if (verified(uri, signature, form, TwilioAccount.Webhook.STATUS_CALLBACK).isEmpty()) {
            return forbidden();
        }
        Optional<String> sid = TwilioAccount.first(form, "MessageSid");
        Optional<String> errorCode = TwilioAccount.first(form, "ErrorCode");
        Optional<Response> invalid = new WebhookFields()
                .atMost("MessageSid", sid, DeliveryStatusListener.MAX_PROVIDER_ID)
                .atMost("ErrorCode", errorCode, DeliveryStatusListener.MAX_ERROR_CODE)
                .badRequest("invalid_webhook");
        if (invalid.isPresent()) {
            rejections.warn("twilio.fields", "Refused a signed Twilio delivery report: fields too long");
            return invalid.get();
        }
        Optional<DeliveryStatus> status = TwilioAccount.first(form, "MessageStatus").flatMap(DeliveryStatus::fromWireName);
        if (sid.isPresent() && status.isPresent()) {
            statuses.onStatus(Channel.SMS, sid.get(), status.get(), errorCode);
        }
        return Response.noContent().build();
    }

    private Optional<TwilioAccount> verified(UriInfo uri, String signature, MultivaluedMap<String, String> form,
            TwilioAccount.Webhook webhook) {
        String rawQuery = uri.getRequestUri().getRawQuery();
        String url = publicBaseUrl + uri.getRequestUri().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
        Optional<TwilioAccount> account = TwilioAccount.resolve(accounts, form, webhook)
                .filter(a -> signature != null && a.signature().validate(url, form, signature));
        if (account.isEmpty()) {
            rejections.warn("twilio.signature", "Rejected a Twilio webhook from {}: missing or invalid signature, or unknown account",
                    PersonalData.maskInput(TwilioAccount.first(form, "From").orElse("?")));
        }
        return account;
    }

    private static Response forbidden() {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", "invalid_signature",
                        "message", "The request is not signed by a Twilio account this service knows.",
                        "details", List.of())).build();
    }
}
