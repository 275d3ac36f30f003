package io.closeloop.channels.sms;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Twilio account Closeloop answers for: its name inside Closeloop, its SIDs and the auth token that
 * signs its webhooks.
 *
 * @param name                how Closeloop calls the account (the {@code account} of inbound messages)
 * @param accountSid          Twilio's account SID (AC…)
 * @param signature           the verifier built on the account's auth token
 * @param from                the number it sends from, if it sends from a number
 * @param messagingServiceSid the messaging service (MG…) it sends through, if any
 */
public record TwilioAccount(String name, String accountSid, TwilioSignature signature, Optional<String> from,
        Optional<String> messagingServiceSid) {

    public TwilioAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(accountSid, "accountSid");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(messagingServiceSid, "messagingServiceSid");
    }

    /** The two kinds of webhook, and the parameter that carries our own number in each. */
    public enum Webhook {
        /** An inbound message: the customer wrote {@code From}, to our number in {@code To}. */
        INBOUND_MESSAGE("To"),
        /** A delivery report: our message went from our number in {@code From} to the customer in {@code To}. */
        STATUS_CALLBACK("From");

        private final String ourNumber;

        Webhook(String ourNumber) {
            this.ourNumber = ourNumber;
        }
    }

    /**
     * The account a webhook is for: by {@code MessagingServiceSid} first (numbers in a service's pool are
     * many), then by {@code AccountSid} and our number in the parameter that carries it for this kind of webhook.
     */
    public static Optional<TwilioAccount> resolve(List<TwilioAccount> accounts, Map<String, ? extends List<String>> form,
            Webhook webhook) {
        Optional<String> service = first(form, "MessagingServiceSid");
        if (service.isPresent()) {
            Optional<TwilioAccount> byService = accounts.stream()
                    .filter(a -> a.messagingServiceSid().equals(service)).findFirst();
            if (byService.isPresent()) {
                return byService;
            }
        }
        Optional<String> accountSid = first(form, "AccountSid");
        Optional<String> ours = first(form, webhook.ourNumber);
        return accounts.stream()
                .filter(a -> accountSid.isPresent() && a.accountSid().equals(accountSid.get()))
                .filter(a -> ours.isEmpty() || a.from().isEmpty() || a.from().equals(ours))
                .findFirst();
    }

    static Optional<String> first(Map<String, ? extends List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0));
    }
}
