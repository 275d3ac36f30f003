package io.closeloop.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as an operator runs it: a separate process, {@code java -cp <this JVM's class path>
 * CloseloopApplication server <config>}, with its own environment (every CLOSELOOP_, TWILIO_ and WECHAT_
 * variable of this JVM removed first), on free ports, writing its log to a file; stopped with real signals.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the service and waits until it answers HTTP. {@code settings} are Dropwizard's own overrides
     * ({@code -Ddw.scheduler.lease=15 seconds}) for what the configuration file has no variable for.
     */
    public static ServiceProcess start(Path config, Map<String, String> environment, Map<String, String> settings,
            Path log) {
        int port = freePort();
        int adminPort = freePort();
        // Small and quick to start: two cores are shared with the test and the database.
        List<String> jvm = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        settings.forEach((key, value) -> jvm.add("-Ddw." + key + "=" + value));
        ProcessBuilder builder = CloseloopProcess.builder(jvm, environment, "server", config.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CLOSELOOP_PORT", Integer.toString(port));
        builder.environment().put("CLOSELOOP_ADMIN_PORT", Integer.toString(adminPort));
        try {
            Files.createDirectories(log.getParent());
            ServiceProcess service = new ServiceProcess(builder.start(), log, port);
            service.awaitServing(Duration.ofSeconds(90));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** kill -9: the process ends at once, as in a crash or an out-of-memory kill. */
    public void kill() {
        signal("KILL");
        await(Duration.ofSeconds(20));
    }

    /** kill -TERM, as a service manager stops it; returns the exit code once it has stopped. */
    public int stop() {
        signal("TERM");
        return await(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            await(Duration.ofSeconds(20));
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the service (pid " + process.pid() + ") did not end within " + timeout
                        + "; its log: " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitServing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(uri("/api/v1/surveys/not-a-token")).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " before serving:\n"
                        + tail());
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 404) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the service did not serve within " + timeout + ":\n" + tail());
    }

    /** The end of the log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
