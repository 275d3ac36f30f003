package io.closeloop.bench;

import io.closeloop.channels.sms.TwiML;
import io.closeloop.channels.sms.TwilioSignature;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The baseline of the SMS webhook benchmark: takes the very request Twilio sends (form-encoded parameters and
 * the signature header), checks nothing, stores nothing, and answers a one-message TwiML document of about the
 * size of a real reply. Jersey decodes the form exactly as for {@code /webhooks/twilio/sms}.
 */
@Path("/bench/bare/sms")
public final class BareWebhookResource {

    private static final String REPLY = "Thanks for your message! We have received it and will get back to you soon.";

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response receive(@HeaderParam(TwilioSignature.HEADER) String signature, MultivaluedMap<String, String> form) {
        if (signature == null || form.getFirst("MessageSid") == null) {
            return Response.status(400).build();
        }
        return Response.ok(TwiML.messages(REPLY), TwiML.MEDIA_TYPE).build();
    }
}
