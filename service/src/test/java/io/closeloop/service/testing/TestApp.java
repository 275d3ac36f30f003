package io.closeloop.service.testing;

import io.closeloop.channels.MessageSender;
import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.security.TokenGenerator;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole service, started from {@code config/local.yml} on a test database with random ports, a
 * controlled clock and the background scheduler off (tests run it with {@link #runScheduler()}).
 */
public final class TestApp implements AutoCloseable {

    public static final String API_KEY = "test-api-key-0123456789";

    private final DropwizardTestSupport<CloseloopConfiguration> support;
    private final TestDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestApp(DropwizardTestSupport<CloseloopConfiguration> support, TestDatabase database) {
        this.support = support;
        this.database = database;
    }

    public static TestApp start(TestDatabase database, Clock clock) {
        return start(database, clock, TokenGenerator.secure(), List.of(), Map.of());
    }

    /** Starts the service; {@code settings} override configuration keys ("surveys.sendDelay" → "1 hour"). */
    public static TestApp start(TestDatabase database, Clock clock, TokenGenerator tokens, List<MessageSender> senders,
            Map<String, String> settings) {
        String prefix = "cl" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path data = database.folder();
        // One value per key: two overrides of one key would be applied in no particular order.
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("server.applicationConnectors[0].port", "0");
        values.put("server.adminConnectors[0].port", "0");
        values.put("dataDir", data.toString());
        values.put("database.url", database.url());
        values.put("database.driverClass", database.driverClass());
        values.put("database.user", database.user());
        values.put("database.password", database.password());
        values.put("api.keys[0]", API_KEY);
        values.put("scheduler.enabled", "false");
        values.put("logging.level", "WARN");
        // The language models cost seconds and a gigabyte each start; the NLP tests turn them on.
        // Hashing the first admin's password costs half a second: only the agent tests ask for one.
        values.putAll(Map.of("nlp.enabled", "false", "nlp.demoFaq", "false", "agents.initialAdminUser", "",
                "agents.initialAdminPassword", ""));
        values.putAll(settings);
        List<ConfigOverride> overrides = new ArrayList<>();
        values.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
        DropwizardTestSupport<CloseloopConfiguration> support = new DropwizardTestSupport<>(
                CloseloopApplication.class, configPath(), prefix, overrides.toArray(ConfigOverride[]::new)) {
            @Override
            public Application<CloseloopConfiguration> newApplication() {
                return new CloseloopApplication(clock, tokens, senders);
            }
        };
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("the service did not start", e);
        }
        return new TestApp(support, database);
    }


    /** config/local.yml, found from the module folder or the repository root. */
    public static String configPath() {
        Path fromModule = Path.of("..", "config", "local.yml");
        return (fromModule.toFile().exists() ? fromModule : Path.of("config", "local.yml")).toAbsolutePath().toString();
    }

    public CloseloopApplication app() {
        return support.getApplication();
    }

    public Jdbi jdbi() {
        return app().jdbi();
    }

    public int runScheduler() {
        return app().dispatcher().runOnce();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + support.getLocalPort() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + support.getAdminPort() + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> getWithKey(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).GET().build());
    }

    public HttpResponse<String> postJson(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> postJsonWithKey(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /** A request as a signed-in agent (a session token) or an integration (an API key); a body is JSON. */
    public HttpResponse<String> sendBearer(String token, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        support.after();
    }
}
