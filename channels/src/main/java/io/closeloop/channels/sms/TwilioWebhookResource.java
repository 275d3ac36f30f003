package io.closeloop.channels.sms;

import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryStatus;
import io.closeloop.channels.DeliveryStatusListener;
import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.Reply;
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

    private final List<TwilioAccount> accounts;
    private final URI publicBaseUrl;
    private final InboundHandler inbound;
    private final DeliveryStatusListener statuses;
    private final Clock clock;

    public TwilioWebhookResource(List<TwilioAccount> accounts, URI publicBaseUrl, InboundHandler inbound,
            DeliveryStatusListener statuses, Clock clock) {
        this.accounts = List.copyOf(accounts);
        String base = publicBaseUrl.toString();
        this.publicBaseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.inbound = inbound;
        this.statuses = statuses;
        this.clock = clock;
    }

    @POST
    @Path("/sms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response inbound(@Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signature,
            MultivaluedMap<String, String> form) {
        Optional<TwilioAccount> account = verified(uri, signature, form);
        if (account.isEmpty()) {
            return forbidden();
        }
        Optional<String> sid = TwilioAccount.first(form, "MessageSid").or(() -> TwilioAccount.first(form, "SmsSid"));
        Optional<String> from = TwilioAccount.first(form, "From");
        if (sid.isEmpty() || from.isEmpty()) {
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("code", "invalid_webhook", "message", "MessageSid and From are required",
                            "details", List.of())).build();
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
        if (verified(uri, signature, form).isEmpty()) {
            return forbidden();
        }
        Optional<String> sid = TwilioAccount.first(form, "MessageSid");
        Optional<DeliveryStatus> status = TwilioAccount.first(form, "MessageStatus").flatMap(DeliveryStatus::fromWireName);
        if (sid.isPresent() && status.isPresent()) {
            statuses.onStatus(Channel.SMS, sid.get(), status.get(), TwilioAccount.first(form, "ErrorCode"));
        }
        return Response.noContent().build();
    }

    private Optional<TwilioAccount> verified(UriInfo uri, String signature, MultivaluedMap<String, String> form) {
        String rawQuery = uri.getRequestUri().getRawQuery();
        String url = publicBaseUrl + uri.getRequestUri().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
        Optional<TwilioAccount> account = TwilioAccount.resolve(accounts, form)
                .filter(a -> signature != null && a.signature().validate(url, form, signature));
        if (account.isEmpty()) {
            LOG.warn("Rejected a Twilio webhook from {}: missing or invalid signature, or unknown account",
                    PersonalData.mask(TwilioAccount.first(form, "From").orElse("?")));
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
