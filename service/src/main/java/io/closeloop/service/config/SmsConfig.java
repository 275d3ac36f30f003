package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.channels.sms.E164;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMS channel.
 *
 * @param enabled             whether surveys and replies go out by SMS at all
 * @param sender              {@code log} (development: texts are written to the log) or {@code twilio}
 * @param accountSid          the Twilio account SID (AC…)
 * @param authToken           the Twilio auth token: signs webhooks and authenticates API calls
 * @param from                the number texts are sent from (E.164), or empty with a messaging service
 * @param messagingServiceSid the Twilio messaging service (MG…) to send through instead of a number
 * @param apiBaseUrl          Twilio's REST API; empty for Twilio itself (tests point it at a fake)
 * @param messagesPerSecond   the pace per sender number: 1 for a long code
 */
public record SmsConfig(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("sender") String sender,
        @JsonProperty("accountSid") String accountSid,
        @JsonProperty("authToken") SecretString authToken,
        @JsonProperty("from") String from,
        @JsonProperty("messagingServiceSid") String messagingServiceSid,
        @JsonProperty("apiBaseUrl") String apiBaseUrl,
        @JsonProperty("messagesPerSecond") Double messagesPerSecond) {

    public SmsConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
        sender = Objects.requireNonNullElse(sender, "log");
        accountSid = accountSid == null ? null : accountSid.strip();
        messagesPerSecond = Objects.requireNonNullElse(messagesPerSecond, 1.0);
        if (!sender.equals("log") && !sender.equals("twilio")) {
            throw new IllegalArgumentException("sms.sender must be log or twilio");
        }
        if (messagesPerSecond <= 0 || messagesPerSecond > 1000) {
            throw new IllegalArgumentException("sms.messagesPerSecond must be above 0 and at most 1000");
        }
        if (enabled) {
            if (blank(accountSid) || authToken == null || authToken.reveal().isBlank()) {
                throw new IllegalArgumentException("the SMS channel needs sms.accountSid and sms.authToken (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
            }
            if (blank(from) && blank(messagingServiceSid)) {
                throw new IllegalArgumentException("the SMS channel needs sms.from or sms.messagingServiceSid (TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID)");
            }
            if (!accountSid.strip().matches("AC[0-9a-fA-F]{32}")) {
                throw new IllegalArgumentException("sms.accountSid (TWILIO_ACCOUNT_SID) must be AC followed by 32 hex digits, as in the Twilio console");
            }
            if (!blank(from) && !E164.isValid(from.strip())) {
                throw new IllegalArgumentException("sms.from (TWILIO_FROM) is '" + from.strip()
                        + "', not a phone number in E.164 form such as +14155550123 (in your own YAML, keep the value in quotes)");
            }
            if (!blank(messagingServiceSid) && !messagingServiceSid.strip().matches("MG[0-9a-fA-F]{32}")) {
                throw new IllegalArgumentException("sms.messagingServiceSid (TWILIO_MESSAGING_SERVICE_SID) must be MG followed by 32 hex digits");
            }
        }
    }

    public static SmsConfig disabled() {
        return new SmsConfig(false, null, null, null, null, null, null, null);
    }

    public Optional<String> fromNumber() {
        return blank(from) ? Optional.empty() : Optional.of(from.trim());
    }

    public Optional<String> messagingService() {
        return blank(messagingServiceSid) ? Optional.empty() : Optional.of(messagingServiceSid.trim());
    }

    public Optional<URI> apiBase() {
        return blank(apiBaseUrl) ? Optional.empty() : Optional.of(URI.create(apiBaseUrl.trim()));
    }

    /** The pacing key: the number or messaging service texts go out from. */
    public String senderAddress() {
        return fromNumber().orElseGet(() -> messagingService().orElseThrow());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
