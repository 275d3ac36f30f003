package io.closeloop.channels.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryLookup;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.SendResult;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through Twilio's Messages API with an injected {@link TwilioRestClient} (built on
 * {@link TwilioHttp}: one attempt per request). Twilio's answer decides the outcome: 21610 means the
 * recipient opted out; 429 and a refused connection are safe to retry; a 5xx or a lost answer leaves the
 * outcome unknown, and {@link #findAccepted} tells afterwards whether Twilio has the message.
 */
public final class TwilioSmsSender implements MessageSender, DeliveryLookup {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsSender.class);
    static final int UNSUBSCRIBED_RECIPIENT = 21610;

    private final TwilioRestClient client;
    private final String accountSid;
    private final Optional<String> from;
    private final Optional<String> messagingServiceSid;
    private final Optional<URI> statusCallback;

    /** Sends from {@code from} (a number) or, when that is empty, through {@code messagingServiceSid}. */
    public TwilioSmsSender(TwilioRestClient client, String accountSid, Optional<String> from,
            Optional<String> messagingServiceSid, Optional<URI> statusCallback) {
        this.client = Objects.requireNonNull(client);
        this.accountSid = Objects.requireNonNull(accountSid);
        if (from.isEmpty() && messagingServiceSid.isEmpty()) {
            throw new IllegalArgumentException("a Twilio sender needs a from number or a messaging service SID");
        }
        this.from = from;
        this.messagingServiceSid = messagingServiceSid;
        this.statusCallback = statusCallback;
    }

    /** The pacing key: the number or messaging service this sender sends from. */
    public String sender() {
        return from.orElseGet(messagingServiceSid::get);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        MessageCreator creator = from.isPresent()
                ? Message.creator(accountSid, new PhoneNumber(message.to()), new PhoneNumber(from.get()), message.text())
                : Message.creator(accountSid, new PhoneNumber(message.to()), messagingServiceSid.get(), message.text());
        statusCallback.ifPresent(creator::setStatusCallback);
        try {
            Message created = creator.create(client);
            return SendResult.accepted(created.getSid());
        } catch (TwilioHttp.NotSent e) {
            return SendResult.retryable("connection_failed", "could not connect to Twilio");
        } catch (ApiConnectionException e) {
            return SendResult.unknown("no_answer", "no complete answer from Twilio");
        } catch (ApiException e) {
            return classify(e, message);
        }
    }

    private static SendResult classify(ApiException e, OutboundMessage message) {
        Integer code = e.getCode();
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        String errorCode = code == null ? "http_" + status : String.valueOf(code);
        if (code != null && code == UNSUBSCRIBED_RECIPIENT) {
            LOG.info("Twilio says {} unsubscribed (21610)", PersonalData.mask(message.to()));
            return SendResult.optedOut(errorCode, "the recipient unsubscribed at Twilio");
        }
        if (status == 429) {
            return SendResult.retryable(errorCode, "Twilio asked us to slow down");
        }
        if (status >= 500 || status == 0) {
            return SendResult.unknown(errorCode, "Twilio answered " + status);
        }
        return SendResult.permanent(errorCode, "Twilio refused the message: " + e.getMessage());
    }

    /**
     * Looks through the latest messages to the recipient for one with this text created since the first
     * attempt. Twilio has no idempotency key for messages, so the text and the time window stand in for one.
     */
    @Override
    public Optional<String> findAccepted(OutboundMessage message, Instant since) {
        MessageReader reader = Message.reader(accountSid).setTo(new PhoneNumber(message.to())).setPageSize(50L);
        from.ifPresent(number -> reader.setFrom(new PhoneNumber(number)));
        for (Message candidate : reader.firstPage(client).getRecords()) {
            boolean sameText = message.text().equals(candidate.getBody());
            boolean recent = candidate.getDateCreated() == null || !candidate.getDateCreated().toInstant().isBefore(since);
            if (sameText && recent) {
                return Optional.of(candidate.getSid());
            }
        }
        return Optional.empty();
    }
}
