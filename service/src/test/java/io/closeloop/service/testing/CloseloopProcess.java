package io.closeloop.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closeloop's command line in a process of its own, as a user runs it ({@code java -jar closeloop.jar ...}), on
 * the test classpath, from the repository root.
 */
public final class CloseloopProcess {

    /** What a finished command printed (standard output and error together) and its exit code. */
    public record Result(int exitCode, String output) {
        public List<String> lines() {
            return output.isBlank() ? List.of() : List.of(output.strip().split("\\R"));
        }
    }

    private CloseloopProcess() {
    }

    public static Path repositoryRoot() {
        return Path.of(TestApp.configPath()).getParent().getParent();
    }

    /** Starts {@code closeloop <arguments>} with these environment variables added to the test's own. */
    public static Process start(Map<String, String> environment, String... arguments) throws IOException {
        // Surefire runs tests from a manifest-only jar; the real classpath is in its own property.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "io.closeloop.service.CloseloopApplication"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs a command to its end (at most {@code timeoutSeconds}) and returns what it printed. */
    public static Result run(Map<String, String> environment, int timeoutSeconds, String... arguments)
            throws IOException, InterruptedException {
        Process process = start(environment, arguments);
        // Read while it runs: a command that prints more than a pipe holds would otherwise never end.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("closeloop " + String.join(" ", arguments) + " did not end within "
                    + timeoutSeconds + " s: " + output.join());
        }
        return new Result(process.exitValue(), output.join());
    }
}
