package io.closeloop.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.testing.CloseloopProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees when Closeloop cannot do what they asked: one line saying what, why and what to do, a
 * non-zero exit, and nothing created before the failure. The real command line, in a process of its own.
 */
class CommandLineErrorsTest {

    private static Map<String, String> local(Path data, int port, int adminPort) {
        Map<String, String> env = new HashMap<>();
        env.put("CLOSELOOP_DATA_DIR", data.toString());
        env.put("CLOSELOOP_PORT", String.valueOf(port));
        env.put("CLOSELOOP_ADMIN_PORT", String.valueOf(adminPort));
        env.put("CLOSELOOP_NLP", "false");
        return env;
    }

    @Test
    void aSecondCopyOnTheSamePortsSaysSoInOneLineAndCreatesNothing(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloseloopProcess.Result result = CloseloopProcess.run(local(data, taken.getLocalPort(), 0), 60,
                    "server", "config/local.yml");

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.lines()).as(result.output()).hasSize(1);
            assertThat(result.output()).contains("port " + taken.getLocalPort() + " is already in use")
                    .contains("CLOSELOOP_PORT").doesNotContain("Exception").doesNotContain("\tat ");
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files).as("nothing is created before the failure").isEmpty();
            }
        }
    }

    @Test
    void developmentSecretsAreNotOfferedToTheNetwork(@TempDir Path data) throws Exception {
        Map<String, String> env = local(data, 0, 0);
        env.put("CLOSELOOP_BIND_HOST", "0.0.0.0");
        CloseloopProcess.Result result = CloseloopProcess.run(env, 60, "server", "config/local.yml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.lines()).as(result.output()).hasSize(1);
        assertThat(result.output()).contains("refusing to listen on 0.0.0.0").contains("CLOSELOOP_API_KEY")
                .contains("CLOSELOOP_ADMIN_PASSWORD").contains("CLOSELOOP_CHAT_SECRET");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingRequiredVariableIsNamedInOneLine() throws Exception {
        CloseloopProcess.Result result = CloseloopProcess.run(Map.of(), 60, "server", "config/mysql.yml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.lines()).as(result.output()).hasSize(1);
        assertThat(result.output()).contains("config/mysql.yml needs the environment variable CLOSELOOP_DB_URL");
    }

    @Test
    void aBadValueIsExplainedInOneLineNamingItsVariable(@TempDir Path data) throws Exception {
        Map<String, String> env = local(data, 0, 0);
        env.put("TWILIO_FROM", "15005550006");
        CloseloopProcess.Result result = CloseloopProcess.run(env, 60, "server", "config/local.yml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.lines()).as(result.output()).hasSize(1);
        assertThat(result.output()).contains("config/local.yml").contains("TWILIO_FROM").contains("E.164");
    }

    @Test
    void anUnreachableDatabaseIsExplainedInOneLine() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(Map.of("CLOSELOOP_DB_URL", "jdbc:mysql://127.0.0.1:" + closed + "/closeloop",
                "CLOSELOOP_DB_USER", "root", "CLOSELOOP_API_KEY", "a-production-key-0123456789",
                "CLOSELOOP_PORT", "0", "CLOSELOOP_ADMIN_PORT", "0"));
        CloseloopProcess.Result result = CloseloopProcess.run(env, 90, "server", "config/mysql.yml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).as(result.output()).contains("cannot reach the database at jdbc:mysql://127.0.0.1:"
                + closed + "/closeloop").doesNotContain("\tat ");
        assertThat(result.lines()).hasSize(1);
    }

    @Test
    void theTextCommandAgainstAServiceThatIsNotRunningSaysSoInOneLine(@TempDir Path data) throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        CloseloopProcess.Result result = CloseloopProcess.run(local(data, closed, 0), 60,
                "text", "config/local.yml", "--from", "+14155550123", "hello");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.lines()).as(result.output()).hasSize(1);
        assertThat(result.output()).contains("Closeloop is not running at http://localhost:" + closed)
                .contains("./bin/run-local").doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void runLocalHelpPrintsHowToUseItAndStartsNothing(@TempDir Path data) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "bin/run-local", "--help")
                .directory(CloseloopProcess.repositoryRoot().toFile()).redirectErrorStream(true);
        builder.environment().put("CLOSELOOP_DATA_DIR", data.toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("run-local --help returns at once").isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).isZero();
        assertThat(output).contains("Usage: ./bin/run-local").contains("CLOSELOOP_PORT");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).isEmpty();
        }

        Process wrong = new ProcessBuilder("bash", "bin/run-local", "--frobnicate")
                .directory(CloseloopProcess.repositoryRoot().toFile()).redirectErrorStream(true).start();
        assertThat(wrong.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).isEqualTo(2);
        assertThat(new String(wrong.getInputStream().readAllBytes()).strip().lines()).hasSize(1);
    }
}
