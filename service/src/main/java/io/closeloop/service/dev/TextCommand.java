package io.closeloop.service.dev;

import io.closeloop.service.startup.CommandFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.channels.wechat.WeChatCrypto;
import io.closeloop.channels.wechat.WeChatSignature;
import io.closeloop.channels.wechat.WeChatXml;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.service.config.WeChatConfig;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * For development: plays the customer. Sends a message to the running service exactly as the channel would, signed
 * (and in WeChat's AES modes encrypted) with the configured credentials, and prints the reply:
 * {@code java -jar service/target/closeloop.jar text config/local.yml --from +8613800138000 "9"} (SMS, as Twilio),
 * {@code ... text config/local.yml --channel wechat --from oAbc123 "你好"} (WeChat's message push).
 *
 * <p>A failure the user can act on (the service is not running, it refused the message, the channel is off) is an
 * exception with a one-line message.
 */
public final class TextCommand extends ConfiguredCommand<CloseloopConfiguration> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Twilio waits 15 s for an answer, WeChat 5 s: a service slower than this is broken anyway. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    public TextCommand() {
        super("text", "Send a signed message to the running service as the customer's channel would, and print the reply");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--channel").choices("sms", "wechat").setDefault("sms")
                .help("the channel the customer writes on (default: sms)");
        subparser.addArgument("--from").required(true)
                .help("the customer: a number in E.164 for SMS (+8613800138000), an OpenID for WeChat");
        subparser.addArgument("--account").help("WeChat: the configured account to write to (default: the first)");
        subparser.addArgument("--server").help("where the service listens (default: api.publicBaseUrl)");
        subparser.addArgument("body").nargs("+").help("the text of the message");
    }

    @Override
    protected void run(Bootstrap<CloseloopConfiguration> bootstrap, Namespace namespace, CloseloopConfiguration config)
            throws Exception {
        URI publicBase = config.getApi().publicBaseUrl();
        URI server = namespace.getString("server") == null ? publicBase : URI.create(namespace.getString("server"));
        String from = namespace.getString("from");
        String body = String.join(" ", namespace.<String>getList("body"));
        if ("wechat".equals(namespace.getString("channel"))) {
            WeChatConfig.Account account = wechatAccount(config.getWechat(), namespace.getString("account"));
            Optional<String> reply = wechat(server, account, from, body, Clock.systemUTC());
            System.out.println(reply.orElse("(no passive reply: the service answered \"success\"; its reply, if any, "
                    + "goes out through WeChat's customer-service message API, see the service's log)"));
        } else {
            SmsConfig sms = config.getSms();
            if (!sms.enabled()) {
                throw new CommandFailure("The SMS channel is not enabled in this configuration (sms.enabled).");
            }
            List<String> replies = send(server, publicBase, sms, from, body);
            System.out.println(replies.isEmpty() ? "(no reply)" : String.join("\n", replies));
        }
    }

    /** Posts one signed inbound SMS, as Twilio does, and returns the texts of the TwiML reply. */
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
        String answer = post(server, HttpRequest.newBuilder(server.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(TwilioSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
        List<String> replies = new ArrayList<>();
        Matcher matcher = Pattern.compile("<Body>(.*?)</Body>", Pattern.DOTALL).matcher(answer);
        while (matcher.find()) {
            replies.add(matcher.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&apos;", "'").replace("&amp;", "&"));
        }
        return replies;
    }

    /**
     * Pushes one text message, as WeChat does for the account's mode, and returns the passive reply's text; empty when
     * the service answered {@code success} (its reply, if any, then goes through the customer-service API).
     */
    public static Optional<String> wechat(URI server, WeChatConfig.Account account, String openId, String text,
            Clock clock) throws IOException, InterruptedException {
        WeChatSignature signature = new WeChatSignature(account.token().reveal());
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        String nonce = String.valueOf(1_000_000_000L + RANDOM.nextInt(1_000_000_000));
        Map<String, String> message = new LinkedHashMap<>();
        message.put("ToUserName", "gh_" + account.name());
        message.put("FromUserName", openId);
        message.put("CreateTime", timestamp);
        message.put("MsgType", "text");
        message.put("Content", text);
        message.put("MsgId", String.valueOf(1_000_000_000_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 8_000_000_000_000_000_000L));
        String query = "signature=" + signature.sign(timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&openid=" + URLEncoder.encode(openId, StandardCharsets.UTF_8);
        Optional<WeChatCrypto> crypto = account.mode().equals("plaintext") ? Optional.empty()
                : Optional.of(new WeChatCrypto(account.encodingAesKey().reveal(), account.appId()));
        String body;
        if (crypto.isPresent()) {
            String encrypt = crypto.get().encrypt(WeChatXml.write(message));
            // The compatible mode carries the clear fields besides Encrypt; the safe mode only the account.
            Map<String, String> envelope = account.mode().equals("compatible") ? new LinkedHashMap<>(message)
                    : new LinkedHashMap<>(Map.of("ToUserName", message.get("ToUserName")));
            envelope.put("Encrypt", encrypt);
            body = WeChatXml.write(envelope);
            query += "&encrypt_type=aes&msg_signature=" + signature.sign(timestamp, nonce, encrypt);
        } else {
            body = WeChatXml.write(message);
        }
        String answer = post(server, HttpRequest.newBuilder(server.resolve("/webhooks/wechat/" + account.name() + "?" + query))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        if (answer.isBlank() || answer.strip().equals("success")) {
            return Optional.empty();
        }
        try {
            Map<String, String> reply = WeChatXml.parse(WeChatXml.bytes(answer));
            if (crypto.isPresent()) {
                if (!signature.verify(reply.get("MsgSignature"), reply.get("TimeStamp"), reply.get("Nonce"), reply.get("Encrypt"))) {
                    throw new CommandFailure("The service's reply is not signed with the token of WeChat account "
                            + account.name() + ".");
                }
                reply = WeChatXml.parse(WeChatXml.bytes(crypto.get().decrypt(reply.get("Encrypt"))));
            }
            return Optional.of(reply.getOrDefault("Content", ""));
        } catch (WeChatXml.MalformedException | WeChatCrypto.InvalidMessageException e) {
            throw new CommandFailure("The service's reply is not a WeChat passive reply: " + e.getMessage() + ".");
        }
    }

    /** The account named by {@code --account}, or the first; a one-line error when there is none to play. */
    static WeChatConfig.Account wechatAccount(WeChatConfig wechat, String name) {
        if (!wechat.enabled() || wechat.accounts().isEmpty()) {
            throw new CommandFailure("The WeChat channel is not enabled in this configuration (wechat.enabled).");
        }
        if (name == null) {
            return wechat.accounts().get(0);
        }
        return wechat.accounts().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No WeChat account " + name + " in this configuration; it has "
                        + wechat.accounts().stream().map(WeChatConfig.Account::name).collect(Collectors.joining(", ")) + "."));
    }

    /**
     * Sends the request and returns the answer's body. A service that is not there, or that answers with an error, is
     * a one-line exception: what happened, and what to do.
     */
    private static String post(URI server, HttpRequest.Builder request) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(ANSWER_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CommandFailure("Closeloop is not running at " + base(server)
                    + " (connection refused); start it with ./bin/run-local, or name another address with --server.");
        } catch (HttpConnectTimeoutException e) {
            throw new CommandFailure("Closeloop is not reachable at " + base(server) + " (no connection within "
                    + CONNECT_TIMEOUT.toSeconds() + " s); start it with ./bin/run-local, or check --server.");
        } catch (HttpTimeoutException e) {
            throw new CommandFailure("Closeloop at " + base(server) + " did not answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s; see its log.");
        } catch (IOException e) {
            throw new CommandFailure("Cannot reach Closeloop at " + base(server) + " ("
                    + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()) + "); check --server.");
        }
        if (response.statusCode() / 100 != 2) {
            throw new CommandFailure("Closeloop at " + base(server) + " refused the message (HTTP "
                    + response.statusCode() + ")" + errorMessage(response.body()).map(m -> ": " + m).orElse("."));
        }
        return response.body();
    }

    /** The {@code message} of the service's JSON error body, on one line. */
    private static Optional<String> errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error != null && error.hasNonNull("message")
                    ? Optional.of(error.get("message").asText().replaceAll("\\s+", " ").strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String base(URI server) {
        String text = server.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
