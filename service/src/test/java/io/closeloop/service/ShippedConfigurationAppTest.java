package io.closeloop.service;

import io.closeloop.service.config.CloseloopConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.channels.testing.FakeTwilioApi;
import io.closeloop.service.security.TokenGenerator;
import io.dropwizard.core.Application;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service booted from the shipped {@code config/local.yml} itself, with nothing overridden but what an
 * operator sets in the environment: it answers a correctly signed inbound SMS to its own number, and its texts
 * go out from that number.
 */
class ShippedConfigurationAppTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withTheDevelopmentDefaultsAnInboundSmsToTheDevelopmentNumberIsAnswered(@TempDir Path data) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("CLOSELOOP_DATA_DIR", data.toString(), "CLOSELOOP_PORT", "0",
                "CLOSELOOP_ADMIN_PORT", "0", "CLOSELOOP_NLP", "false"));
        DropwizardTestSupport<CloseloopConfiguration> app = start(env);
        try {
            // local.yml's Twilio placeholders: the development token signs, the development number receives.
            HttpResponse<String> reply = inboundSms(app, "http://localhost:0", "dev-twilio-auth-token",
                    "AC00000000000000000000000000000000", "+15005550006", "+14155550199", "HELP");
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("<Message>");
        } finally {
            app.after();
        }
    }

    @Test
    void withAProductionLikeEnvironmentTheServiceTextsFromAndAnswersToItsOwnNumber(@TempDir Path data) throws Exception {
        String account = ConfigurationTest.ACCOUNT_SID;
        try (FakeTwilioApi twilio = new FakeTwilioApi(account, "12345")) {
            Map<String, String> env = new HashMap<>(ConfigurationTest.productionLike());
            env.putAll(Map.of("CLOSELOOP_DATA_DIR", data.toString(), "CLOSELOOP_PORT", "0", "CLOSELOOP_ADMIN_PORT", "0",
                    "CLOSELOOP_NLP", "false", "CLOSELOOP_PUBLIC_URL", "https://feedback.shop.example",
                    "CLOSELOOP_SMS_SENDER", "twilio", "TWILIO_API_BASE_URL", twilio.baseUri().toString(),
                    "CLOSELOOP_QUIET_HOURS_START", "00:00", "CLOSELOOP_QUIET_HOURS_END", "00:00",
                    "CLOSELOOP_SEND_DELAY", "0 seconds"));
            DropwizardTestSupport<CloseloopConfiguration> app = start(env);
            try {
                HttpResponse<String> purchase = post(app, "/api/v1/purchases", """
                        {"orderId": "P-1", "customer": {"externalId": "c-1", "name": "Ann", "phone": "+14155550142",
                         "locale": "en"}, "purchasedAt": "%s"}""".formatted(Instant.now().minusSeconds(60)));
                assertThat(purchase.statusCode()).as(purchase.body()).isEqualTo(202);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (twilio.messagesTo("+14155550142").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(twilio.messagesTo("+14155550142")).singleElement()
                        .satisfies(m -> assertThat(m.from()).isEqualTo("+14155550123"));

                HttpResponse<String> reply = inboundSms(app, "https://feedback.shop.example", "12345", account,
                        "+14155550123", "+14155550142", "4");
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                assertThat(reply.body()).contains("<Message>");
            } finally {
                app.after();
            }
        }
    }

    private static DropwizardTestSupport<CloseloopConfiguration> start(Map<String, String> env) throws Exception {
        DropwizardTestSupport<CloseloopConfiguration> support = new DropwizardTestSupport<>(CloseloopApplication.class,
                Path.of(ConfigurationTest.CONFIG.resolve("local.yml").toString()).toString()) {
            @Override
            public Application<CloseloopConfiguration> newApplication() {
                return new CloseloopApplication(Clock.systemUTC(), TokenGenerator.secure(), List.of(), env::get);
            }
        };
        support.before();
        assertThat(Files.isDirectory(Path.of(env.get("CLOSELOOP_DATA_DIR")))).isTrue();
        return support;
    }

    /** An inbound SMS exactly as Twilio posts it, signed over the public URL with the account's auth token. */
    private HttpResponse<String> inboundSms(DropwizardTestSupport<CloseloopConfiguration> app, String publicUrl,
            String authToken, String accountSid, String to, String from, String body) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", "SM" + "a".repeat(32));
        form.put("NumMedia", "0");
        form.put("SmsSid", "SM" + "a".repeat(32));
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", to);
        form.put("NumSegments", "1");
        form.put("MessageSid", "SM" + "a".repeat(32));
        form.put("AccountSid", accountSid);
        form.put("From", from);
        form.put("ApiVersion", "2010-04-01");
        String signature = new TwilioSignature(authToken).sign(publicUrl + "/webhooks/twilio/sms",
                form.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
        String encoded = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(local(app, "/webhooks/twilio/sms"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(TwilioSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(DropwizardTestSupport<CloseloopConfiguration> app, String path, String json)
            throws Exception {
        return http.send(HttpRequest.newBuilder(local(app, path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer 0123456789012345678901")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI local(DropwizardTestSupport<CloseloopConfiguration> app, String path) {
        return URI.create("http://127.0.0.1:" + app.getLocalPort() + path);
    }
}
