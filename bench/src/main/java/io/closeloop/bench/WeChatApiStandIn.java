package io.closeloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny stand-in for WeChat's official-account API on 127.0.0.1, enough for the survey invitations the
 * scheduler sends: {@code GET /cgi-bin/token} (appid and secret checked) and {@code POST
 * /cgi-bin/message/custom/send} (access token checked), answered with WeChat's JSON. It keeps the last text
 * sent to each OpenID, so the benchmark can check that an invitation arrived before a customer answers it.
 *
 * <p>The service's configuration, hence the credentials, is known only once the service has started with this
 * stand-in's address, so they are given then ({@link #expect}); nothing calls the API before.
 */
final class WeChatApiStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK's HTTP server writes a response's head and body in two packets; without TCP_NODELAY the body
        // waits for the client's delayed ACK, 40 ms per call on Linux (45 ms a send instead of 1 ms). Read once,
        // when the first server of the JVM is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "wechat-api-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> lastText = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String appId;
    private volatile String appSecret;
    private volatile String token;

    WeChatApiStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(HttpConnection.HOST, 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/cgi-bin/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://" + HttpConnection.HOST + ":" + server.getAddress().getPort());
    }

    void expect(String appId, String appSecret) {
        this.appId = appId;
        this.appSecret = appSecret;
    }

    /** The last customer-service text sent to this OpenID. */
    Optional<String> lastTextTo(String openId) {
        return Optional.ofNullable(lastText.get(openId));
    }

    String summary() {
        return String.format(java.util.Locale.ROOT, "%d customer-service messages accepted, %d refused, %d access tokens "
                + "issued", sent.get(), refused.get(), tokens.get());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (exchange.getRequestURI().getPath()) {
                case "/cgi-bin/token" -> token(exchange, query);
                case "/cgi-bin/message/custom/send" -> send(exchange, query);
                default -> answer(exchange, Map.of("errcode", 40066, "errmsg", "invalid url"));
            }
        }
    }

    private void token(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (appId == null || !"client_credential".equals(query.get("grant_type")) || !appId.equals(query.get("appid"))) {
            answer(exchange, Map.of("errcode", 40013, "errmsg", "invalid appid"));
            return;
        }
        if (!appSecret.equals(query.get("secret"))) {
            answer(exchange, Map.of("errcode", 40125, "errmsg", "invalid appsecret"));
            return;
        }
        String issued = "bench-token-" + tokens.incrementAndGet();
        token = issued;
        answer(exchange, Map.of("access_token", issued, "expires_in", 7200));
    }

    private void send(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (token == null || !token.equals(query.get("access_token"))) {
            refused.incrementAndGet();
            answer(exchange, Map.of("errcode", 40001, "errmsg", "invalid credential, access_token is invalid or not latest"));
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String toUser = body.path("touser").asText("");
        if (!"text".equals(body.path("msgtype").asText()) || toUser.isEmpty()) {
            refused.incrementAndGet();
            answer(exchange, Map.of("errcode", 40008, "errmsg", "invalid message type"));
            return;
        }
        lastText.put(toUser, body.path("text").path("content").asText(""));
        sent.incrementAndGet();
        answer(exchange, Map.of("errcode", 0, "errmsg", "ok"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void answer(HttpExchange exchange, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; encoding=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
