package io.closeloop.service.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.security.TokenGenerator;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestApp;
import io.closeloop.service.testing.TestDatabase;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The operator's {@code agents add} against a migrated database, run as the jar runs it (the shipped
 * config/local.yml pointed at the test database); the agent it adds signs in through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentsCommandContract {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final AgentsCommand.Terminal NO_TERMINAL = prompt -> Optional.empty();

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private TestDatabase database;
    private Jdbi jdbi;
    private Path folder;
    private Path config;

    abstract TestDatabase.Kind kind();

    record Run(Optional<Throwable> failure, String out, String err) {
    }

    @BeforeAll
    void start() throws IOException {
        database = TestDatabase.create(kind());
        jdbi = database.migratedJdbi();
        folder = Files.createTempDirectory("closeloop-agents-command-");
        config = folder.resolve("closeloop.yml");
        String shipped = Files.readString(Path.of(TestApp.configPath()));
        String pointed = shipped.replaceFirst("(?m)^dataDir: .*$", "dataDir: \"" + folder + "\"")
                .replaceFirst("(?m)^  driverClass: .*$", "  driverClass: " + database.driverClass())
                .replaceFirst("(?m)^  url: jdbc:.*$", "  url: \"" + database.url() + "\"")
                .replaceFirst("(?m)^  user: .*$", "  user: " + database.user())
                .replaceFirst("(?m)^  password: .*$", "  password: \"" + database.password() + "\"");
        assertThat(pointed).contains(database.url(), database.driverClass());
        Files.writeString(config, pointed);
    }

    @AfterAll
    void stop() throws IOException {
        if (database != null) {
            database.close();
        }
        if (folder != null) {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anOperatorAddsAgentsWhoThenSignInThroughTheApi() {
        String mei = "mei-" + suffix();
        Run added = agents(Map.of(AgentsCommand.PASSWORD_VARIABLE, "mei-password-from-env"), NO_TERMINAL,
                "agents", "add", config.toString(), "--username", mei.toUpperCase(), "--role", "supervisor",
                "--name", "Mei Chen", "--languages", "zh-CN,en", "--topics", "delivery,refund");
        assertThat(added.failure()).isEmpty();
        assertThat(added.out()).contains("Added supervisor " + mei, "languages zh-CN,en", "/console")
                .doesNotContain("mei-password-from-env");

        // Without the variable the terminal asks twice, without echo.
        String lee = "lee-" + suffix();
        Run typed = agents(Map.of(), typing("typed-on-the-terminal", "typed-on-the-terminal"),
                "agents", "add", config.toString(), "--username", lee, "--role", "agent");
        assertThat(typed.failure()).isEmpty();

        try (TestApp app = TestApp.start(database, clock)) {
            JsonNode supervisor = json(login(app, mei, "mei-password-from-env"), 200).get("agent");
            assertThat(supervisor.get("role").asText()).isEqualTo("supervisor");
            assertThat(supervisor.get("displayName").asText()).isEqualTo("Mei Chen");
            assertThat(supervisor.get("languages")).extracting(JsonNode::asText).containsExactly("zh-CN", "en");
            assertThat(supervisor.get("topics")).extracting(JsonNode::asText).containsExactly("delivery", "refund");
            JsonNode agent = json(login(app, lee, "typed-on-the-terminal"), 200).get("agent");
            assertThat(agent.get("role").asText()).isEqualTo("agent");
            assertThat(agent.get("languages")).extracting(JsonNode::asText).containsExactly("en");
            assertThat(agent.get("capacity").asInt()).isEqualTo(5);
        }
        List<String> audited = jdbi.withHandle(h -> h.createQuery(
                "SELECT detail FROM audit_log WHERE action = 'agent_created' AND agent_id IS NULL ORDER BY id")
                .mapTo(String.class).list());
        assertThat(audited).contains(mei + " as supervisor (command line)", lee + " as agent (command line)");
    }

    @Test
    void whatTheApiRefusesTheCommandRefusesInOneLineAndAddsNothing() {
        String name = "kim-" + suffix();
        Run invalid = agents(Map.of(AgentsCommand.PASSWORD_VARIABLE, "short"), NO_TERMINAL,
                "agents", "add", config.toString(), "--username", name, "--role", "agent", "--languages", "en,klingon");
        assertThat(invalid.failure()).get().extracting(Throwable::getMessage).asString()
                .isEqualTo("Cannot add the agent: the password must have 12-200 characters; --languages 'klingon' is "
                        + "not a language tag.");
        assertThat(count(name)).isZero();

        Run noPassword = agents(Map.of(), NO_TERMINAL, "agents", "add", config.toString(), "--username", name,
                "--role", "agent");
        assertThat(noPassword.failure()).get().extracting(Throwable::getMessage).asString()
                .contains(AgentsCommand.PASSWORD_VARIABLE).doesNotContain("\n");
        Run mistyped = agents(Map.of(), typing("one-long-password", "another-password"), "agents", "add",
                config.toString(), "--username", name, "--role", "agent");
        assertThat(mistyped.failure()).get().extracting(Throwable::getMessage).asString().contains("differ");
        assertThat(count(name)).isZero();

        assertThat(agents(Map.of(AgentsCommand.PASSWORD_VARIABLE, "a-good-long-password"), NO_TERMINAL, "agents",
                "add", config.toString(), "--username", name, "--role", "admin").failure()).isEmpty();
        Run again = agents(Map.of(AgentsCommand.PASSWORD_VARIABLE, "a-good-long-password"), NO_TERMINAL, "agents",
                "add", config.toString(), "--username", name, "--role", "agent");
        assertThat(again.failure()).get().extracting(Throwable::getMessage).asString()
                .isEqualTo("Cannot add the agent: An agent named " + name + " exists already.");
        assertThat(agents(Map.of(AgentsCommand.PASSWORD_VARIABLE, "a-good-long-password"), NO_TERMINAL, "agents",
                "add", config.toString(), "--username", "x" + name, "--role", "boss").failure()).isPresent();
        assertThat(count(name)).isEqualTo(1);
        assertThat(count("x" + name)).isZero();
    }

    @Test
    void theFirstAdminFromTheEnvironmentIsSaidInTheLogWithoutThePassword() {
        Logger logger = (Logger) LoggerFactory.getLogger(Agents.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(lines);
        try {
            Agents agents = new Agents(jdbi, new PasswordHasher(), TokenGenerator.secure(), clock,
                    new Agents.Settings(Duration.ofHours(1), 5, Duration.ofMinutes(15)));
            String name = "root-" + suffix();
            agents.ensureInitialAdmin(name, new SecretString("the-first-admin-password"));
            agents.ensureInitialAdmin(name, new SecretString("the-first-admin-password"));
            assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains(name, "CLOSELOOP_ADMIN_USER", "/console").doesNotContain("the-first-admin-password");
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
    }

    /** Runs the jar's command line with this environment and terminal. */
    private Run agents(Map<String, String> environment, AgentsCommand.Terminal terminal, String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        Bootstrap<CloseloopConfiguration> bootstrap = new Bootstrap<>(new CloseloopApplication());
        // As CloseloopApplication.initialize: ${VAR} substitution, strict.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                io.closeloop.service.config.ConfigSubstitutor.ofSystemEnvironment()));
        bootstrap.addCommand(new AgentsCommand(environment, terminal, printed));
        Optional<Throwable> failure = new Cli(new JarLocation(CloseloopApplication.class), bootstrap, out, err)
                .run(arguments);
        return new Run(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static AgentsCommand.Terminal typing(String... passwords) {
        Deque<String> typed = new ArrayDeque<>(List.of(passwords));
        return prompt -> Optional.ofNullable(typed.poll()).map(String::toCharArray);
    }

    private long count(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM agent WHERE username = :u").bind("u", username)
                .mapTo(Long.class).one());
    }

    private static HttpResponse<String> login(TestApp app, String username, String password) {
        return app.postJson("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
