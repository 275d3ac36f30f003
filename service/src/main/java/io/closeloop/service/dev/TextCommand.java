package io.closeloop.service.dev;

import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.service.CloseloopConfiguration;
import io.closeloop.service.config.SmsConfig;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * For development: plays the customer. Sends an inbound SMS to the running service exactly as Twilio would,
 * signed with the configured auth token, and prints the reply:
 * {@code java -jar service/target/closeloop.jar text config/local.yml --from +8613800138000 "9"}.
 */
public final class TextCommand extends ConfiguredCommand<CloseloopConfiguration> {

    public TextCommand() {
        super("text", "Send a signed inbound SMS to the running service, as Twilio would, and print the reply");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--from").required(true).help("the customer's number, E.164 (+8613800138000)");
        subparser.addArgument("--server").help("where the service listens (default: api.publicBaseUrl)");
        subparser.addArgument("body").nargs("+").help("the text of the message");
    }

    @Override
    protected void run(Bootstrap<CloseloopConfiguration> bootstrap, Namespace namespace, CloseloopConfiguration config)
            throws Exception {
        SmsConfig sms = config.getSms();
        if (!sms.enabled()) {
            throw new IllegalStateException("the SMS channel is not enabled in this configuration");
        }
        URI publicBase = config.getApi().publicBaseUrl();
        URI server = namespace.getString("server") == null ? publicBase : URI.create(namespace.getString("server"));
        String body = String.join(" ", namespace.<String>getList("body"));
        List<String> replies = send(server, publicBase, sms, namespace.getString("from"), body);
        System.out.println(replies.isEmpty() ? "(no reply)" : String.join("\n", replies));
    }

    /** Posts one signed inbound SMS and returns the texts of the TwiML reply. */
    public static List<String> send(URI server, URI publicBase, SmsConfig sms, String from, String body)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        form.put("MessageSid", sid);
        form.put("SmsSid", sid);
        form.put("SmsMessageSid", sid);
        form.put("AccountSid", sms.accountSid());
        sms.messagingService().ifPresent(service -> form.put("MessagingServiceSid", service));
        form.put("From", from);
        form.put("To", sms.fromNumber().orElse(""));
        form.put("Body", body);
        form.put("NumMedia", "0");
        form.put("NumSegments", "1");
        form.put("ApiVersion", "2010-04-01");
        String path = "/webhooks/twilio/sms";
        Map<String, List<String>> params = form.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        String signature = new TwilioSignature(sms.authToken().reveal()).sign(publicBase + path, params);
        String encoded = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(TwilioSignature.HEADER, signature)
                        .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the service answered " + response.statusCode() + ": " + response.body());
        }
        List<String> replies = new ArrayList<>();
        Matcher matcher = Pattern.compile("<Body>(.*?)</Body>", Pattern.DOTALL).matcher(response.body());
        while (matcher.find()) {
            replies.add(matcher.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&apos;", "'").replace("&amp;", "&"));
        }
        return replies;
    }
}
