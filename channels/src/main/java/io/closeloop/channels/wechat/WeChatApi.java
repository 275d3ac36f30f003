package io.closeloop.channels.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The parts of WeChat's official-account API that Closeloop calls: the access token, customer-service
 * messages (within 48 hours of the customer's last message) and template messages. The token is cached until
 * shortly before it expires, fetched by one caller at a time, and fetched again once when WeChat says it is
 * invalid (40001) or expired (42001).
 */
public final class WeChatApi {

    /** WeChat said no: its {@code errcode} and {@code errmsg}. */
    public static final class ApiException extends RuntimeException {
        private final int code;

        public ApiException(int code, String message) {
            super("WeChat error " + code + ": " + message);
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** 45015: the customer last wrote more than 48 hours ago, so only template messages may go. */
        public boolean outsideServiceWindow() {
            return code == 45015 || code == 45047;
        }
    }

    /** The network failed; whether the request arrived is unknown. */
    public static final class UnreachableException extends RuntimeException {
        public UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Duration REFRESH_EARLY = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String appId;
    private final String appSecret;
    private final Clock clock;
    private final Duration timeout;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Token token;

    private record Token(String value, Instant refreshAt) {
    }

    /** @param base WeChat's API, {@code https://api.weixin.qq.com}, or a local fake in tests */
    public WeChatApi(HttpClient http, URI base, String appId, String appSecret, Clock clock, Duration timeout) {
        this.http = Objects.requireNonNull(http);
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.appId = Objects.requireNonNull(appId);
        this.appSecret = Objects.requireNonNull(appSecret);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Sends a text as a customer-service message. */
    public void sendText(String openId, String content) {
        ObjectNode body = JSON.createObjectNode().put("touser", openId).put("msgtype", "text");
        body.putObject("text").put("content", content);
        withToken("/cgi-bin/message/custom/send", body);
    }

    /** Sends a template message that opens {@code url}, with the template's fields filled from {@code data}. */
    public void sendTemplate(String openId, String templateId, String url, Map<String, String> data) {
        ObjectNode body = JSON.createObjectNode().put("touser", openId).put("template_id", templateId);
        if (url != null) {
            body.put("url", url);
        }
        ObjectNode fields = body.putObject("data");
        data.forEach((name, value) -> fields.putObject(name).put("value", value));
        withToken("/cgi-bin/message/template/send", body);
    }

    /** The current access token, fetched when there is none or it is about to expire. */
    public String accessToken() {
        Token current = token;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.value();
        }
        refreshing.lock();
        try {
            current = token;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return current.value();
            }
            JsonNode answer = get(base + "/cgi-bin/token?grant_type=client_credential&appid="
                    + URLEncoder.encode(appId, StandardCharsets.UTF_8) + "&secret="
                    + URLEncoder.encode(appSecret, StandardCharsets.UTF_8));
            check(answer);
            String value = answer.path("access_token").asText(null);
            if (value == null || value.isEmpty()) {
                throw new ApiException(-1, "no access_token in the answer");
            }
            long expiresIn = answer.path("expires_in").asLong(7200);
            Instant refreshAt = clock.instant().plusSeconds(expiresIn).minus(REFRESH_EARLY);
            token = new Token(value, refreshAt);
            return value;
        } finally {
            refreshing.unlock();
        }
    }

    private void withToken(String path, ObjectNode body) {
        String used = accessToken();
        JsonNode answer = post(path, used, body);
        int code = answer.path("errcode").asInt(0);
        if (code == 40001 || code == 42001 || code == 40014) {
            invalidate(used);
            answer = post(path, accessToken(), body);
        }
        check(answer);
    }

    /** Forgets the token unless another caller has already replaced it. */
    private void invalidate(String used) {
        refreshing.lock();
        try {
            if (token != null && token.value().equals(used)) {
                token = null;
            }
        } finally {
            refreshing.unlock();
        }
    }

    private JsonNode post(String path, String accessToken, ObjectNode body) {
        try {
            return call(HttpRequest.newBuilder(URI.create(base + path + "?access_token="
                            + URLEncoder.encode(accessToken, StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request", e);
        }
    }

    private JsonNode get(String url) {
        return call(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** Sends one request and reads WeChat's JSON answer; network failures become UnreachableException. */
    private JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new ApiException(-response.statusCode(), "HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UnreachableException("WeChat's API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        }
    }

    private static void check(JsonNode answer) {
        int code = answer.path("errcode").asInt(0);
        if (code != 0) {
            throw new ApiException(code, answer.path("errmsg").asText(""));
        }
    }

    @Override
    public String toString() {
        return "WeChatApi[" + appId + "]";
    }
}
