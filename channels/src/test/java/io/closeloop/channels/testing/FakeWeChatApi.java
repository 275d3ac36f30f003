package io.closeloop.channels.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for WeChat's official-account API on loopback: access tokens (which can be revoked to
 * provoke 40001), customer-service messages (refused with 45015 for customers outside the 48-hour window)
 * and template messages, with WeChat's JSON answers.
 */
public final class FakeWeChatApi implements AutoCloseable {

    /** A message WeChat accepted. */
    public record Sent(String kind, String toUser, String content, String templateId, String url, Map<String, String> data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String appId;
    private final String appSecret;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> outsideWindow = ConcurrentHashMap.newKeySet();
    /** Customer-service messages since each customer's last message, for those who wrote (see customerWrote). */
    private final Map<String, Integer> sinceLastMessage = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile long tokenDelayMillis;

    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

    public FakeWeChatApi(String appId, String appSecret) {
        this.appId = appId;
        this.appSecret = appSecret;
        // Without TCP_NODELAY the JDK's server answers small requests about 40 ms late (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/cgi-bin/", this::handle);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** Every token issued so far stops working: the next call gets 40001. */
    public void revokeTokens() {
        validTokens.clear();
    }

    /** The customer last wrote more than 48 hours ago: customer-service messages to them get 45015. */
    public void closeWindowFor(String openId) {
        outsideWindow.add(openId);
    }

    /**
     * The customer just wrote: the 48-hour window opens and the quota of 5 customer-service messages starts again;
     * the 6th before their next message gets 45047.
     */
    public void customerWrote(String openId) {
        outsideWindow.remove(openId);
        sinceLastMessage.put(openId, 0);
    }

    /** Makes the token endpoint slow, to show that concurrent callers wait for one fetch. */
    /** The next {@code sends} messages are refused with -1 ("system busy"), as WeChat does under load. */
    public void busyFor(int sends) {
        busy.set(sends);
    }

    public void delayTokens(long millis) {
        tokenDelayMillis = millis;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sentTo(String openId) {
        return sent.stream().filter(s -> s.toUser().equals(openId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (path) {
                case "/cgi-bin/token" -> token(exchange, query);
                case "/cgi-bin/message/custom/send" -> send(exchange, query, "custom");
                case "/cgi-bin/message/template/send" -> send(exchange, query, "template");
                default -> answer(exchange, Map.of("errcode", 40066, "errmsg", "invalid url"));
            }
        }
    }

    private void token(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (tokenDelayMillis > 0) {
            try {
                Thread.sleep(tokenDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!"client_credential".equals(query.get("grant_type")) || !appId.equals(query.get("appid"))) {
            answer(exchange, Map.of("errcode", 40013, "errmsg", "invalid appid"));
            return;
        }
        if (!appSecret.equals(query.get("secret"))) {
            answer(exchange, Map.of("errcode", 40125, "errmsg", "invalid appsecret"));
            return;
        }
        String token = "token-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        answer(exchange, Map.of("access_token", token, "expires_in", 7200));
    }

    private void send(HttpExchange exchange, Map<String, String> query, String kind) throws IOException {
        if (!validTokens.contains(query.getOrDefault("access_token", ""))) {
            answer(exchange, Map.of("errcode", 40001, "errmsg", "invalid credential, access_token is invalid or not latest"));
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String toUser = body.path("touser").asText();
        if (busy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(exchange, Map.of("errcode", -1, "errmsg", "system error"));
            return;
        }
        if (kind.equals("custom")) {
            if (outsideWindow.contains(toUser)) {
                answer(exchange, Map.of("errcode", 45015, "errmsg", "response out of time limit or subscription is canceled"));
                return;
            }
            Integer used = sinceLastMessage.get(toUser);
            if (used != null && used >= 5) {
                answer(exchange, Map.of("errcode", 45047, "errmsg", "out of response count limit"));
                return;
            }
            sinceLastMessage.computeIfPresent(toUser, (k, n) -> n + 1);
            sent.add(new Sent(kind, toUser, body.path("text").path("content").asText(), null, null, Map.of()));
        } else {
            Map<String, String> data = new LinkedHashMap<>();
            body.path("data").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().path("value").asText()));
            sent.add(new Sent(kind, toUser, null, body.path("template_id").asText(), body.path("url").asText(null), data));
        }
        answer(exchange, Map.of("errcode", 0, "errmsg", "ok"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
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
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
