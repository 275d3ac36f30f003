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

    /**
     * {@code java [jvmOptions] CloseloopApplication <arguments>} from the repository root, with the test's own
     * environment less every CLOSELOOP_, TWILIO_ and WECHAT_ variable, plus {@code environment}.
     */
    public static ProcessBuilder builder(List<String> jvmOptions, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        // Surefire runs tests from a manifest-only jar; the real classpath is in its own property.
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.closeloop.service.CloseloopApplication"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CLOSELOOP_") || name.startsWith("TWILIO_")
                || name.startsWith("WECHAT_"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** Starts {@code closeloop <arguments>} with these environment variables; its output and errors together. */
    public static Process start(Map<String, String> environment, String... arguments) throws IOException {
        return builder(List.of(), environment, arguments).redirectErrorStream(true).start();
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
