package io.closeloop.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.TwilioRestClient;
import io.closeloop.channels.Channel;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.channels.testing.FakeTwilioApi;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioSmsSenderTest {

    private static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "test-auth-token-0123";
    private static final String FROM = "+15005550006";

    private final FakeTwilioApi twilio = new FakeTwilioApi(ACCOUNT, TOKEN);

    @AfterEach
    void stop() {
        twilio.close();
    }

    private TwilioSmsSender sender(URI api) {
        TwilioRestClient client = new TwilioRestClient.Builder(ACCOUNT, TOKEN)
                .httpClient(new TwilioHttp(Optional.of(api), Duration.ofSeconds(2), Duration.ofSeconds(5))).build();
        return new TwilioSmsSender(client, ACCOUNT, Optional.of(FROM), Optional.empty(),
                Optional.of(URI.create("https://closeloop.example.com/webhooks/twilio/status")));
    }

    private static OutboundMessage sms(String to, String text) {
        return new OutboundMessage(Channel.SMS, to, text, Optional.empty(), "zh-CN", "test:" + UUID.randomUUID());
    }

    @Test
    void aTextReachesTwilioWithItsStatusCallback() {
        SendResult result = sender(twilio.baseUri()).send(sms("+8613800138000", "您好！您对这次订单满意吗？回复 1-5"));
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
        assertThat(twilio.messages()).singleElement().satisfies(m -> {
            assertThat(m.sid()).isEqualTo(result.providerMessageId().orElseThrow());
            assertThat(m.to()).isEqualTo("+8613800138000");
            assertThat(m.from()).isEqualTo(FROM);
            assertThat(m.body()).isEqualTo("您好！您对这次订单满意吗？回复 1-5");
            assertThat(m.statusCallback()).isEqualTo("https://closeloop.example.com/webhooks/twilio/status");
        });
    }

    @Test
    void anUnsubscribedRecipientIsReportedAsOptedOut() {
        twilio.failNext(400, 21610, "Attempt to send to unsubscribed recipient");
        SendResult result = sender(twilio.baseUri()).send(sms("+8613800138001", "hello"));
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.RECIPIENT_OPTED_OUT);
        assertThat(result.errorCode()).contains("21610");
    }

    @Test
    void aServerErrorIsTriedOnceAndLeavesTheOutcomeUnknown() {
        twilio.failNext(503, 20500, "Service unavailable");
        twilio.failNext(503, 20500, "Service unavailable");
        SendResult result = sender(twilio.baseUri()).send(sms("+8613800138002", "hello"));
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.OUTCOME_UNKNOWN);
        assertThat(twilio.createRequests()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsAndInvalidNumbersAreToldApart() {
        twilio.failNext(429, 20429, "Too Many Requests");
        assertThat(sender(twilio.baseUri()).send(sms("+8613800138003", "hello")).outcome())
                .isEqualTo(SendResult.Outcome.RETRYABLE_FAILURE);
        twilio.failNext(400, 21211, "The 'To' number is not a valid phone number.");
        SendResult invalid = sender(twilio.baseUri()).send(sms("+8613800138003", "hello"));
        assertThat(invalid.outcome()).isEqualTo(SendResult.Outcome.PERMANENT_FAILURE);
        assertThat(invalid.errorCode()).contains("21211");
    }

    @Test
    void aLostAnswerIsUnknownAndTheLookupFindsTheMessage() {
        Instant before = Instant.now().minusSeconds(1);
        twilio.loseNextAnswer();
        TwilioSmsSender sender = sender(twilio.baseUri());
        OutboundMessage message = sms("+8613800138004", "How satisfied are you with your order? Reply 1-5");
        assertThat(sender.send(message).outcome()).isEqualTo(SendResult.Outcome.OUTCOME_UNKNOWN);
        assertThat(sender.findAccepted(message, before)).contains(twilio.messages().get(0).sid());
        assertThat(sender.findAccepted(sms("+8613800138004", "another text"), before)).isEmpty();
        assertThat(sender.findAccepted(sms("+8613800138999", message.text()), before)).isEmpty();
    }

    @Test
    void aRefusedConnectionIsSafeToRetry() {
        URI nobody = twilio.baseUri();
        twilio.close();
        assertThat(sender(nobody).send(sms("+8613800138005", "hello")).outcome())
                .isEqualTo(SendResult.Outcome.RETRYABLE_FAILURE);
    }

    @Test
    void aMessagingServiceSendsWithoutAFromNumber() {
        TwilioRestClient client = new TwilioRestClient.Builder(ACCOUNT, TOKEN)
                .httpClient(new TwilioHttp(Optional.of(twilio.baseUri()), Duration.ofSeconds(2), Duration.ofSeconds(5))).build();
        TwilioSmsSender viaService = new TwilioSmsSender(client, ACCOUNT, Optional.empty(),
                Optional.of("MG" + "0123456789abcdef0123456789abcdef"), Optional.empty());
        assertThat(viaService.send(sms("+8613800138006", "hello")).outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
        assertThat(twilio.messages().get(0).messagingServiceSid()).startsWith("MG");
        assertThat(viaService.sender()).startsWith("MG");
    }
}
