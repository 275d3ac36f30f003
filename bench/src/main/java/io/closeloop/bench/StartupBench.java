package io.closeloop.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Time from {@code java -jar closeloop.jar server config/local.yml} to the first HTTP answer on the
 * application port, for a fresh data folder (the H2 file is created and migrated) and for a second start on
 * the same folder.
 *
 * <pre>
 * java -cp ... io.closeloop.bench.StartupBench [service/target/closeloop.jar] [config/local.yml] [starts=5] ["JVM options"]
 * </pre>
 *
 * The optional fourth argument, space-separated JVM options for the service, is for experiments; run.sh
 * measures the plain command.
 */
public final class StartupBench {

    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final java.io.PrintStream REPORT = System.out;

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "service/target/closeloop.jar");
        Path config = Path.of(args.length > 1 ? args[1] : "config/local.yml");
        int starts = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> jvmOptions = args.length > 3 && !args[3].isBlank() ? List.of(args[3].trim().split("\\s+")) : List.of();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(StartupBench::stop), "stop-children"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        REPORT.printf(Locale.ROOT, "%n## Start-up, %s%n%n`%s %s-jar %s server %s` with CLOSELOOP_PORT, "
                + "CLOSELOOP_ADMIN_PORT and CLOSELOOP_DATA_DIR set. Timed from process start to the "
                + "first HTTP response to GET /api/v1/surveys/x on 127.0.0.1 (polled every 10 ms).%n%n",
                Instant.now(), java, jvmOptions.isEmpty() ? "" : String.join(" ", jvmOptions) + " ", jar, config);
        REPORT.println("| start | fresh data folder (creates and migrates H2): ms to serve / CPU ms | same folder again: "
                + "ms to serve / CPU ms |");
        REPORT.println("|---|---|---|");
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<Double> coldCpu = new ArrayList<>();
        List<Double> warmCpu = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            Path data = Files.createTempDirectory("closeloop-startup-");
            try {
                double[] first = timeToServe(java, jvmOptions, jar, config, data);
                double[] second = timeToServe(java, jvmOptions, jar, config, data);
                cold.add(first[0]);
                coldCpu.add(first[1]);
                warm.add(second[0]);
                warmCpu.add(second[1]);
                REPORT.printf(Locale.ROOT, "| %d | %.0f / %.0f | %.0f / %.0f |%n", i, first[0], first[1], second[0],
                        second[1]);
            } finally {
                ServiceBench.deleteFolder(data);
            }
        }
        REPORT.printf(Locale.ROOT, "| **median** | **%.0f** / %.0f | **%.0f** / %.0f |%n", Stats.median(cold),
                Stats.median(coldCpu), Stats.median(warm), Stats.median(warmCpu));
        REPORT.printf(Locale.ROOT, "%nCPU ms: user and system CPU time the service process had used when it first "
                + "answered (all its threads, so it can exceed the wall time on %d cores).%n",
                Runtime.getRuntime().availableProcessors());
        REPORT.printf(Locale.ROOT, "SUMMARY start-up: fresh folder median %.0f ms (%.0f..%.0f, CPU %.0f ms), same folder "
                + "median %.0f ms (%.0f..%.0f, CPU %.0f ms), aim < 5000 ms%n", Stats.median(cold), Stats.min(cold),
                Stats.max(cold), Stats.median(coldCpu), Stats.median(warm), Stats.min(warm), Stats.max(warm),
                Stats.median(warmCpu));
    }

    /**
     * Milliseconds from starting the process to its first HTTP answer, and the CPU milliseconds it had used by
     * then; the process is stopped after.
     */
    private static double[] timeToServe(String java, List<String> jvmOptions, Path jar, Path config, Path data)
            throws Exception {
        int port = freePort();
        int adminPort = freePort();
        while (adminPort == port) {
            adminPort = freePort();
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("CLOSELOOP_PORT", Integer.toString(port));
        env.put("CLOSELOOP_ADMIN_PORT", Integer.toString(adminPort));
        env.put("CLOSELOOP_DATA_DIR", data.toString());
        byte[] probe = HttpConnection.get(port, "/api/v1/surveys/x");
        long start = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        try {
            while (System.nanoTime() - start < TIMEOUT_NS) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see "
                            + Files.readString(data.resolve("service.log")));
                }
                try (HttpConnection connection = new HttpConnection(port)) {
                    connection.exchange(probe);
                    double wallMs = (System.nanoTime() - start) / 1e6;
                    double cpuMs = process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e6)
                            .orElse(Double.NaN);
                    return new double[] {wallMs, cpuMs};
                } catch (IOException notYet) {
                    Thread.sleep(10);
                }
            }
            throw new IllegalStateException("the service did not answer within 60 s");
        } finally {
            stop(process);
            LIVE.remove(process);
        }
    }

    /** SIGTERM (Dropwizard stops gracefully), then SIGKILL after 15 s; waits until the process is gone. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HttpConnection.HOST))) {
            return socket.getLocalPort();
        }
    }
}
