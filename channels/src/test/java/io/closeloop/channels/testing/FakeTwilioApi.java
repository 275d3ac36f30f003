package io.closeloop.channels.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Twilio's REST API on loopback: the Messages resource (create and list) with Basic
 * authentication, Twilio's JSON shapes and error bodies, and scripted failures (an error answer, or a message
 * that is created but whose answer is lost).
 */
public final class FakeTwilioApi implements AutoCloseable {

    /** A message as Twilio stored it. */
    public record StoredMessage(String sid, String to, String from, String messagingServiceSid, String body,
            String statusCallback, ZonedDateTime dateCreated) {
    }

    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    private final HttpServer server;
    private final String accountSid;
    private final String authToken;
    private final List<StoredMessage> messages = new CopyOnWriteArrayList<>();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final AtomicInteger createRequests = new AtomicInteger();
    private final AtomicInteger listRequests = new AtomicInteger();

    private sealed interface Script {
        record Error(int status, int code, String message) implements Script {
        }

        record CreateButLoseAnswer() implements Script {
        }

        record HoldAnswer(CountDownLatch arrived, CountDownLatch release) implements Script {
        }
    }

    public FakeTwilioApi(String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        // Without TCP_NODELAY the JDK's server answers small requests about 40 ms late (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/2010-04-01/Accounts/", this::handle);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<StoredMessage> messages() {
        return List.copyOf(messages);
    }

    public List<StoredMessage> messagesTo(String to) {
        return messages.stream().filter(m -> m.to().equals(to)).toList();
    }

    /** How many create requests arrived, including failed ones. */
    public int createRequests() {
        return createRequests.get();
    }

    /** How many times the message list was read (a sender looking for an earlier attempt). */
    public int listRequests() {
        return listRequests.get();
    }

    /** The next create answers with this Twilio error. */
    public synchronized void failNext(int status, int code, String message) {
        scripts.add(new Script.Error(status, code, message));
    }

    /** The next create stores the message but drops the connection before answering. */
    public synchronized void loseNextAnswer() {
        scripts.add(new Script.CreateButLoseAnswer());
    }

    /**
     * The next create stores the message and then holds its answer until {@code release} opens (at most a
     * minute): a send in progress, for instance in a process about to be killed. The returned latch opens when
     * that create has arrived. While it holds, this server answers nothing else.
     */
    public synchronized CountDownLatch holdNextAnswer(CountDownLatch release) {
        CountDownLatch arrived = new CountDownLatch(1);
        scripts.add(new Script.HoldAnswer(arrived, release));
        return arrived;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/2010-04-01/Accounts/" + accountSid + "/Messages.json")) {
                answer(exchange, 404, error(404, 20404, "The requested resource was not found"));
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, error(401, 20003, "Authenticate"));
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> create(exchange);
                case "GET" -> list(exchange);
                default -> answer(exchange, 405, error(405, 20004, "Method not allowed"));
            }
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        createRequests.incrementAndGet();
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Script script;
        synchronized (this) {
            script = scripts.poll();
        }
        if (script instanceof Script.Error e) {
            answer(exchange, e.status(), error(e.status(), e.code(), e.message()));
            return;
        }
        if (form.get("To") == null || form.get("Body") == null || (form.get("From") == null && form.get("MessagingServiceSid") == null)) {
            answer(exchange, 400, error(400, 21604, "A 'To' phone number and a 'From' number or MessagingServiceSid are required."));
            return;
        }
        StoredMessage message = new StoredMessage("SM" + UUID.randomUUID().toString().replace("-", ""), form.get("To"),
                form.get("From"), form.get("MessagingServiceSid"), form.get("Body"), form.get("StatusCallback"),
                ZonedDateTime.now(ZoneOffset.UTC).withNano(0));
        messages.add(message);
        if (script instanceof Script.CreateButLoseAnswer) {
            return; // the exchange closes without a response
        }
        if (script instanceof Script.HoldAnswer hold) {
            hold.arrived().countDown();
            try {
                hold.release().await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(exchange, 201, json(message));
    }

    private void list(HttpExchange exchange) throws IOException {
        listRequests.incrementAndGet();
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        List<StoredMessage> found = new ArrayList<>(messages.stream()
                .filter(m -> query.get("To") == null || m.to().equals(query.get("To")))
                .filter(m -> query.get("From") == null || query.get("From").equals(m.from()))
                .toList());
        found.sort(Comparator.comparing(StoredMessage::dateCreated).reversed());
        int pageSize = Integer.parseInt(query.getOrDefault("PageSize", "50"));
        List<String> items = found.stream().limit(pageSize).map(this::json).toList();
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages.json?PageSize=" + pageSize + "&Page=0";
        answer(exchange, 200, "{\"messages\":[" + String.join(",", items) + "],\"end\":" + Math.max(items.size() - 1, 0)
                + ",\"first_page_uri\":\"" + uri + "\",\"next_page_uri\":null,\"page\":0,\"page_size\":" + pageSize
                + ",\"previous_page_uri\":null,\"start\":0,\"uri\":\"" + uri + "\"}");
    }

    private String json(StoredMessage m) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("account_sid", accountSid);
        fields.put("api_version", "2010-04-01");
        fields.put("body", m.body());
        fields.put("date_created", RFC_2822.format(m.dateCreated()));
        fields.put("date_sent", null);
        fields.put("date_updated", RFC_2822.format(m.dateCreated()));
        fields.put("direction", "outbound-api");
        fields.put("error_code", null);
        fields.put("error_message", null);
        fields.put("from", m.from());
        fields.put("messaging_service_sid", m.messagingServiceSid());
        fields.put("num_media", "0");
        fields.put("num_segments", "1");
        fields.put("sid", m.sid());
        fields.put("status", m.from() == null ? "accepted" : "queued");
        fields.put("to", m.to());
        fields.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + m.sid() + ".json");
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(name).append("\":")
                .append(value == null ? "null" : quote(value.toString())));
        return out.append('}').toString();
    }

    private static String error(int status, int code, String message) {
        return "{\"code\":" + code + ",\"message\":" + quote(message) + ",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":" + status + "}";
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
