package io.closeloop.channels.sms;

import static io.closeloop.channels.sms.TwilioAccount.Webhook.INBOUND_MESSAGE;
import static io.closeloop.channels.sms.TwilioAccount.Webhook.STATUS_CALLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which configured account a webhook belongs to, for both kinds of webhook Twilio sends. */
class TwilioAccountTest {

    private static final String CUSTOMER = "+8613800138000";
    private final TwilioAccount shop = new TwilioAccount("shop", "AC" + "1".repeat(32), new TwilioSignature("t1"),
            Optional.of("+14155550123"), Optional.empty());
    private final TwilioAccount pooled = new TwilioAccount("pooled", "AC" + "2".repeat(32), new TwilioSignature("t2"),
            Optional.empty(), Optional.of("MG" + "9".repeat(32)));
    private final List<TwilioAccount> accounts = List.of(shop, pooled);

    @Test
    void anInboundMessageIsOurNumberInTo() {
        assertThat(TwilioAccount.resolve(accounts, form(shop.accountSid(), CUSTOMER, "+14155550123", null), INBOUND_MESSAGE))
                .contains(shop);
        assertThat(TwilioAccount.resolve(accounts, form(shop.accountSid(), "+14155550123", CUSTOMER, null), INBOUND_MESSAGE))
                .isEmpty();
    }

    @Test
    void aStatusCallbackIsOurNumberInFromAndTheCustomerInTo() {
        assertThat(TwilioAccount.resolve(accounts, form(shop.accountSid(), "+14155550123", CUSTOMER, null), STATUS_CALLBACK))
                .contains(shop);
        assertThat(TwilioAccount.resolve(accounts, form(shop.accountSid(), "+14155550999", CUSTOMER, null), STATUS_CALLBACK))
                .isEmpty();
        assertThat(TwilioAccount.resolve(accounts, form("AC" + "3".repeat(32), "+14155550123", CUSTOMER, null), STATUS_CALLBACK))
                .isEmpty();
    }

    @Test
    void aMessagingServiceComesFirstWhateverTheNumber() {
        String poolNumber = "+14155550777";
        assertThat(TwilioAccount.resolve(accounts, form(pooled.accountSid(), poolNumber, CUSTOMER, pooled.messagingServiceSid().get()),
                STATUS_CALLBACK)).contains(pooled);
        assertThat(TwilioAccount.resolve(accounts, form(pooled.accountSid(), CUSTOMER, poolNumber, pooled.messagingServiceSid().get()),
                INBOUND_MESSAGE)).contains(pooled);
    }

    private static Map<String, List<String>> form(String accountSid, String from, String to, String messagingService) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("AccountSid", List.of(accountSid));
        form.put("From", List.of(from));
        form.put("To", List.of(to));
        if (messagingService != null) {
            form.put("MessagingServiceSid", List.of(messagingService));
        }
        return form;
    }
}
