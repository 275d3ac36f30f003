package io.closeloop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Purchase ingestion and answer submission against the whole service on H2 ({@code config/local.yml}) or
 * MariaDB ({@code config/mysql.yml}), each alternated round by round with the bare endpoint of the same
 * server as the baseline.
 *
 * <pre>
 * java -cp ... io.closeloop.bench.ServiceBench h2|mariadb [clients=8] [rounds=5] [seconds=6] [warmup=8] [config=FILE]
 * </pre>
 *
 * The configuration is config/local.yml (h2) or config/mysql.yml (mariadb) unless config= names another file.
 *
 * For mariadb, CLOSELOOP_DB_URL must name a database {@code closeloop_bench_*} on 127.0.0.1 that does not exist
 * yet; it is created here and dropped at the end. CLOSELOOP_DB_USER and CLOSELOOP_API_KEY must be set too.
 */
public final class ServiceBench {

    private static final long MAX_REQUESTS_PER_CLIENT_AND_ROUND = 2_000_000;
    /** The report goes to standard output; everything else the service prints goes to standard error. */
    static final java.io.PrintStream REPORT = System.out;

    static {
        System.setOut(System.err);
    }

    private final int clients;
    private final int rounds;
    private final double seconds;
    private final double warmup;

    private ServiceBench(int clients, int rounds, double seconds, double warmup) {
        this.clients = clients;
        this.rounds = rounds;
        this.seconds = seconds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs parsed = BenchArgs.parse("ServiceBench", "", args);
        ServiceBench bench = new ServiceBench(parsed.clients(), parsed.rounds(), parsed.seconds(), parsed.warmup());
        parsed.onServer(Map.of(), bench::run);
        System.exit(0);
    }

    /** What a benchmark does with a started server. */
    interface OnServer {
        void run(String database, String config, BenchServer server, String apiKey);
    }

    /** The service on a new H2 database in a temporary folder, deleted at the end; overrides are dotted paths. */
    static void onH2(String config, Map<String, String> overrides, OnServer work) throws IOException {
        Path data = Files.createTempDirectory("closeloop-bench-");
        String apiKey = "bench-" + UUID.randomUUID();
        try {
            Map<String, String> settings = new HashMap<>(overrides);
            settings.put("dataDir", data.toString());
            settings.put("api.keys[0]", apiKey);
            Path yaml = config == null ? BenchServer.configFile("local.yml") : Path.of(config);
            try (BenchServer server = BenchServer.start(yaml, settings)) {
                work.run("h2", yaml.toString(), server, apiKey);
            }
            REPORT.printf(Locale.ROOT, "%nH2 database file at the end: %.1f MiB%n", folderSize(data) / 1048576.0);
        } finally {
            deleteFolder(data);
        }
    }

    /**
     * The service on a new MariaDB database named by CLOSELOOP_DB_URL ({@code closeloop_bench_*} on 127.0.0.1),
     * created here and dropped at the end, also on Ctrl-C; overrides are dotted paths.
     */
    static void onMariaDb(String config, Map<String, String> overrides, OnServer work) throws SQLException {
        String url = requiredEnv("CLOSELOOP_DB_URL");
        String user = requiredEnv("CLOSELOOP_DB_USER");
        String apiKey = requiredEnv("CLOSELOOP_API_KEY");
        String password = System.getenv().getOrDefault("CLOSELOOP_DB_PASSWORD", "");
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String schema = url.substring(slash + 1, query < 0 ? url.length() : query);
        String serverUrl = url.substring(0, slash + 1);
        if (!schema.matches("closeloop_bench_[a-z0-9_]{1,40}")
                || !(serverUrl.startsWith("jdbc:mysql://127.0.0.1:") || serverUrl.startsWith("jdbc:mysql://localhost:"))) {
            throw new IllegalArgumentException("CLOSELOOP_DB_URL must name a closeloop_bench_* database on 127.0.0.1");
        }
        execute(serverUrl, user, password, "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        AtomicBoolean dropped = new AtomicBoolean();
        Runnable drop = () -> {
            if (dropped.compareAndSet(false, true)) {
                try {
                    execute(serverUrl, user, password, "DROP DATABASE IF EXISTS " + schema);
                } catch (SQLException e) {
                    System.err.println("could not drop " + schema + ": " + e.getMessage());
                }
            }
        };
        Thread hook = new Thread(drop, "drop-bench-database");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String version;
            try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                    Statement statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT VERSION()")) {
                result.next();
                version = result.getString(1);
            }
            Path yaml = config == null ? BenchServer.configFile("mysql.yml") : Path.of(config);
            try (BenchServer server = BenchServer.start(yaml, overrides)) {
                work.run("mariadb " + version, yaml.toString(), server, apiKey);
            }
        } finally {
            drop.run();
        }
    }

    private void run(String database, String config, BenchServer server, String apiKey) {
        int port = server.port();
        ClosedLoop load = new ClosedLoop(port, clients, MAX_REQUESTS_PER_CLIENT_AND_ROUND);
        String label = database.startsWith("h2") ? "h2" : "mariadb";
        REPORT.printf(Locale.ROOT, "%n## Service on %s (%s), %s%n%n", database, config, Instant.now());
        REPORT.printf(Locale.ROOT, "%d clients, closed loop, keep-alive, 127.0.0.1:%d; %d rounds of %.0f s per workload, "
                + "alternating with the bare endpoint; first %.0f s warm-up each of bare, purchases and answers. JVM: %s, %d cores, max heap %d MiB%n",
                clients, port, rounds, seconds, warmup, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576);

        // Warm-up of all three code paths before any measured round; the answers of the warm-up go to the
        // surveys its purchases opened, the measured answers to surveys opened later.
        Workloads.Purchases purchases = new Workloads.Purchases(port, apiKey, Long.toString(System.nanoTime(), 36));
        List<ClosedLoop.Round> warmups = new ArrayList<>();
        warmups.add(load.run("warm-up bare", warmup, Workloads.bare(port)));
        warmups.add(load.run("warm-up purchases", warmup, purchases.clients()));
        List<String> warmupTokens = purchases.tokens();
        Workloads.Answers warmupAnswers = new Workloads.Answers(port, warmupTokens, clients);
        warmups.add(load.run("warm-up answers", warmup, warmupAnswers.clients()));
        REPORT.println();
        for (ClosedLoop.Round w : warmups) {
            REPORT.printf(Locale.ROOT, "%s: %.0f/s, %d errors%s%n", w.workload(), w.throughput(), w.errors(),
                    w.errorSamples().isEmpty() ? "" : " (" + String.join("; ", w.errorSamples()) + ")");
        }

        List<ClosedLoop.Round[]> purchaseRounds = alternate(load, "purchases", purchases.clients(), port);
        report(label, "purchases", purchaseRounds);
        REPORT.printf(Locale.ROOT, "%nPurchase events sent %d (warm-up included): %d scheduled a survey, %d suppressed "
                + "by the frequency cap.%n", purchases.sent(), purchases.scheduled(), purchases.suppressed());

        List<String> allTokens = purchases.tokens();
        List<String> tokens = allTokens.subList(warmupTokens.size(), allTokens.size());
        Workloads.Answers answers = new Workloads.Answers(port, tokens, clients);
        List<ClosedLoop.Round[]> answerRounds = alternate(load, "answers", answers.clients(), port);
        report(label, "answers", answerRounds);
        REPORT.printf(Locale.ROOT, "%nMeasured answers went to %d surveys opened by the measured purchases: %d first "
                + "answers to a question (insert), %d changed answers (update); the warm-up added %d and %d.%n",
                tokens.size(), answers.inserts(), answers.updates(), warmupAnswers.inserts(), warmupAnswers.updates());

        long purchaseRows = count(server, "SELECT COUNT(*) FROM purchase");
        long answerRows = count(server, "SELECT COUNT(*) FROM survey_answer");
        long accepted = purchases.scheduled() + purchases.suppressed();
        long firstAnswers = answers.inserts() + warmupAnswers.inserts();
        REPORT.printf(Locale.ROOT, "%nDatabase check: %d purchase rows for %d accepted events (%s); %d answer rows for "
                + "%d first answers (%s).%n", purchaseRows, accepted, purchaseRows == accepted ? "match" : "MISMATCH",
                answerRows, firstAnswers, answerRows == firstAnswers ? "match" : "MISMATCH");
        System.gc();
        REPORT.printf(Locale.ROOT, "Heap in use after a full GC (service and load generator): %d MiB%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576);
    }

    /** Rounds of [bare, workload], the bare endpoint first each time. */
    private List<ClosedLoop.Round[]> alternate(ClosedLoop load, String name, IntFunction<ClosedLoop.Client> workload,
            int port) {
        List<ClosedLoop.Round[]> result = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            ClosedLoop.Round bare = load.run("bare", seconds, Workloads.bare(port));
            ClosedLoop.Round real = load.run(name, seconds, workload);
            result.add(new ClosedLoop.Round[] {bare, real});
        }
        return result;
    }

    static void report(String database, String name, List<ClosedLoop.Round[]> rounds) {
        REPORT.printf(Locale.ROOT, "%n### %s%n%n", name);
        REPORT.println("| round | bare req/s | " + name + "/s | ratio | bare p50 / p99 ms | " + name
                + " p50 / p99 ms | " + name + " worst 1 s | errors | process CPU ms per request, bare / " + name
                + " | request-thread CPU ms per request, bare / " + name + " | load-generator CPU | process CPU | "
                + "database server CPU | other CPU |");
        REPORT.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<Double> bare = new ArrayList<>();
        List<Double> real = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> bareCpu = new ArrayList<>();
        List<Double> realCpu = new ArrayList<>();
        List<Double> bareThreadCpu = new ArrayList<>();
        List<Double> realThreadCpu = new ArrayList<>();
        List<String> cpuLines = new ArrayList<>();
        long errors = 0;
        long[][] bareLatencies = new long[rounds.size()][];
        long[][] realLatencies = new long[rounds.size()][];
        long worst = Long.MAX_VALUE;
        for (int i = 0; i < rounds.size(); i++) {
            ClosedLoop.Round b = rounds.get(i)[0];
            ClosedLoop.Round r = rounds.get(i)[1];
            bare.add(b.throughput());
            real.add(r.throughput());
            ratios.add(r.throughput() / b.throughput());
            errors += b.errors() + r.errors();
            bareLatencies[i] = b.latencies();
            realLatencies[i] = r.latencies();
            worst = Math.min(worst, r.worstSecond());
            bareCpu.add(b.cpuMsPerRequest());
            realCpu.add(r.cpuMsPerRequest());
            bareThreadCpu.add(b.requestThreadCpuMsPerRequest());
            realThreadCpu.add(r.requestThreadCpuMsPerRequest());
            REPORT.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.3f | %.2f / %.2f | %.2f / %.2f | %d | %d | %.3f / %.3f | %.3f / %.3f | %.0f%% | %.0f%% | %.0f%% | %.0f%% |%n",
                    i + 1, b.throughput(), r.throughput(), r.throughput() / b.throughput(), b.latencyMs(0.5),
                    b.latencyMs(0.99), r.latencyMs(0.5), r.latencyMs(0.99), r.worstSecond(), b.errors() + r.errors(),
                    b.cpuMsPerRequest(), r.cpuMsPerRequest(), b.requestThreadCpuMsPerRequest(),
                    r.requestThreadCpuMsPerRequest(), 100 * r.clientCpuShare(), 100 * r.processCpuShare(),
                    100 * r.databaseCpuShare(),
                    100 * Math.max(0, r.machineCpuShare() - r.processCpuShare() - r.databaseCpuShare()));
            cpuLines.add(String.format(Locale.ROOT, "- round %d, %s: %s", i + 1, name,
                    ThreadCpu.format(r.threadCpuMs(), r.processCpuMs())));
            Stream.of(b, r).flatMap(x -> x.errorSamples().stream()).distinct()
                    .forEach(e -> REPORT.println("  error sample: " + e));
        }
        long[] allBare = Stats.merge(bareLatencies);
        long[] allReal = Stats.merge(realLatencies);
        double ratioOfMedians = Stats.median(real) / Stats.median(bare);
        REPORT.printf(Locale.ROOT, "| **median** | **%.0f** | **%.0f** | **%.3f** | %.2f / %.2f | %.2f / %.2f | %d | %d | %.3f / %.3f | %.3f / %.3f | | | | |%n",
                Stats.median(bare), Stats.median(real), ratioOfMedians, Stats.quantile(allBare, 0.5) / 1e6,
                Stats.quantile(allBare, 0.99) / 1e6, Stats.quantile(allReal, 0.5) / 1e6,
                Stats.quantile(allReal, 0.99) / 1e6, worst, errors, Stats.median(bareCpu), Stats.median(realCpu),
                Stats.median(bareThreadCpu), Stats.median(realThreadCpu));
        REPORT.printf(Locale.ROOT, "%nRatio of medians %.3f (per-round ratios %.3f to %.3f, their median %.3f). Latencies "
                + "in the median row are over all rounds. \"worst 1 s\": the fewest %s completed in any one second. "
                + "CPU ms per request: CPU time of this process (service and load generator) over the round, divided by the "
                + "requests completed; request-thread CPU counts only Jetty's request threads (no GC, JIT or load generator), "
                + "the least noisy measure of what one request costs. CPU shares are of all %d cores, during the %s rounds: this "
                + "process (service and load generator), the local MariaDB server process (mariadbd, running whether "
                + "used or not), and \"other\", the rest of the machine.%n",
                ratioOfMedians, Stats.min(ratios), Stats.max(ratios), Stats.median(ratios), name,
                Runtime.getRuntime().availableProcessors(), name);
        REPORT.printf(Locale.ROOT, "%nWhere the process's CPU time went during the %s rounds:%n%n", name);
        cpuLines.forEach(REPORT::println);
        REPORT.printf(Locale.ROOT, "SUMMARY %s %s: median %.0f/s, bare median %.0f/s, ratio of medians %.3f, "
                + "rounds %.0f..%.0f/s, worst second %d, p50 %.2f ms, p99 %.2f ms, request-thread CPU %.2f ms/request "
                + "(bare %.3f), errors %d%n",
                database, name, Stats.median(real), Stats.median(bare), ratioOfMedians, Stats.min(real), Stats.max(real),
                worst, Stats.quantile(allReal, 0.5) / 1e6, Stats.quantile(allReal, 0.99) / 1e6,
                Stats.median(realThreadCpu), Stats.median(bareThreadCpu), errors);
    }

    static long count(BenchServer server, String sql) {
        return server.app().jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set");
        }
        return value;
    }

    private static long folderSize(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e.getMessage());
        }
    }
}
