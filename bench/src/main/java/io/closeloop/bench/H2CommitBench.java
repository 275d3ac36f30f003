package io.closeloop.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What durable commits cost on H2: purchase ingestion and answer submission against the whole service on
 * {@code config/local.yml}, with H2's old default ({@code WRITE_DELAY=500}: commits reach the file up to half a
 * second later, in a background thread) and the shipped setting ({@code WRITE_DELAY=0}: each commit is written
 * to the file before the request is answered), alternated round by round on the same server and database (the
 * setting is changed with {@code SET WRITE_DELAY} between rounds; the order flips every round).
 *
 * <pre>
 * java -cp ... io.closeloop.bench.H2CommitBench h2 [clients=8] [rounds=5] [seconds=6] [warmup=8] [config=FILE]
 * </pre>
 */
public final class H2CommitBench {

    private static final long MAX_REQUESTS_PER_CLIENT_AND_ROUND = 2_000_000;
    private static final int DELAYED = 500;
    private static final int DURABLE = 0;

    /** The report goes to standard output (ServiceBench sends everything else to standard error). */
    private static final java.io.PrintStream REPORT = ServiceBench.REPORT;

    private final BenchArgs args;

    private H2CommitBench(BenchArgs args) {
        this.args = args;
    }

    public static void main(String[] arguments) throws Exception {
        BenchArgs parsed = BenchArgs.parse("H2CommitBench", "", arguments);
        if (!parsed.database().equals("h2")) {
            throw new IllegalArgumentException("H2CommitBench measures H2 only");
        }
        parsed.onServer(Map.of(), new H2CommitBench(parsed)::run);
        System.exit(0);
    }

    private void run(String database, String config, BenchServer server, String apiKey) {
        int port = server.port();
        ClosedLoop load = new ClosedLoop(port, args.clients(), MAX_REQUESTS_PER_CLIENT_AND_ROUND);
        REPORT.printf(Locale.ROOT, "%n## H2 commits, delayed (WRITE_DELAY=%d) against durable (WRITE_DELAY=%d), %s, %s%n%n",
                DELAYED, DURABLE, config, Instant.now());
        REPORT.printf(Locale.ROOT, "Shipped URL: %s%n", server.config().getDataSourceFactory().getUrl());
        REPORT.printf(Locale.ROOT, "%d clients, closed loop, keep-alive, 127.0.0.1:%d; %d rounds of %.0f s per "
                + "setting and workload, the order flipping every round; %.0f s warm-up of purchases and of answers. JVM: %s, "
                + "%d cores, max heap %d MiB%n", args.clients(), port, args.rounds(), args.seconds(), args.warmup(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576);

        Workloads.Purchases purchases = new Workloads.Purchases(port, apiKey, Long.toString(System.nanoTime(), 36));
        setWriteDelay(server, DURABLE);
        ClosedLoop.Round warmPurchases = load.run("warm-up purchases", args.warmup(), purchases.clients());
        Workloads.Answers answers = new Workloads.Answers(port, purchases.tokens(), args.clients());
        ClosedLoop.Round warmAnswers = load.run("warm-up answers", args.warmup(), answers.clients());
        REPORT.printf(Locale.ROOT, "%nwarm-up: purchases %.0f/s (%d errors), answers %.0f/s (%d errors)%n",
                warmPurchases.throughput(), warmPurchases.errors(), warmAnswers.throughput(), warmAnswers.errors());

        compare(server, load, "purchases", purchases.clients());
        compare(server, load, "answers", answers.clients());
        setWriteDelay(server, DURABLE);

        long purchaseRows = ServiceBench.count(server, "SELECT COUNT(*) FROM purchase");
        long accepted = purchases.scheduled() + purchases.suppressed();
        REPORT.printf(Locale.ROOT, "%nDatabase check: %d purchase rows for %d accepted events (%s).%n",
                purchaseRows, accepted, purchaseRows == accepted ? "match" : "MISMATCH");
    }

    /** Rounds of the workload at both settings, the order flipping every round, and their report. */
    private void compare(BenchServer server, ClosedLoop load, String name, IntFunction<ClosedLoop.Client> workload) {
        List<ClosedLoop.Round> delayed = new ArrayList<>();
        List<ClosedLoop.Round> durable = new ArrayList<>();
        List<long[]> delayedWrites = new ArrayList<>();
        List<long[]> durableWrites = new ArrayList<>();
        for (int r = 0; r < args.rounds(); r++) {
            for (int setting : r % 2 == 0 ? new int[] {DELAYED, DURABLE} : new int[] {DURABLE, DELAYED}) {
                setWriteDelay(server, setting);
                long[] before = fileWrites(server);
                ClosedLoop.Round round = load.run(name + " WRITE_DELAY=" + setting, args.seconds(), workload);
                long[] after = fileWrites(server);
                (setting == DELAYED ? delayed : durable).add(round);
                (setting == DELAYED ? delayedWrites : durableWrites).add(new long[] {after[0] - before[0], after[1] - before[1]});
            }
        }
        REPORT.printf(Locale.ROOT, "%n### %s%n%n", name);
        REPORT.println("| round | delayed /s | durable /s | durable / delayed | delayed p50 / p99 ms | durable p50 / p99 ms "
                + "| request-thread CPU ms per request, delayed / durable | file writes per request, delayed / durable "
                + "| KiB written per request, delayed / durable | errors |");
        REPORT.println("|---|---|---|---|---|---|---|---|---|---|");
        List<Double> delayedRates = new ArrayList<>();
        List<Double> durableRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> delayedCpu = new ArrayList<>();
        List<Double> durableCpu = new ArrayList<>();
        long[][] delayedLatencies = new long[delayed.size()][];
        long[][] durableLatencies = new long[durable.size()][];
        List<Double> delayedWritesPerRequest = new ArrayList<>();
        List<Double> durableWritesPerRequest = new ArrayList<>();
        List<Double> delayedKibPerRequest = new ArrayList<>();
        List<Double> durableKibPerRequest = new ArrayList<>();
        long errors = 0;
        for (int i = 0; i < delayed.size(); i++) {
            ClosedLoop.Round a = delayed.get(i);
            ClosedLoop.Round b = durable.get(i);
            delayedRates.add(a.throughput());
            durableRates.add(b.throughput());
            ratios.add(b.throughput() / a.throughput());
            delayedCpu.add(a.requestThreadCpuMsPerRequest());
            durableCpu.add(b.requestThreadCpuMsPerRequest());
            delayedLatencies[i] = a.latencies();
            durableLatencies[i] = b.latencies();
            errors += a.errors() + b.errors();
            delayedWritesPerRequest.add(delayedWrites.get(i)[0] / (double) Math.max(1, a.ok()));
            durableWritesPerRequest.add(durableWrites.get(i)[0] / (double) Math.max(1, b.ok()));
            delayedKibPerRequest.add(delayedWrites.get(i)[1] / 1024.0 / Math.max(1, a.ok()));
            durableKibPerRequest.add(durableWrites.get(i)[1] / 1024.0 / Math.max(1, b.ok()));
            REPORT.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.3f | %.2f / %.2f | %.2f / %.2f | %.3f / %.3f | %.2f / %.2f | %.1f / %.1f | %d |%n",
                    i + 1, a.throughput(), b.throughput(), b.throughput() / a.throughput(), a.latencyMs(0.5),
                    a.latencyMs(0.99), b.latencyMs(0.5), b.latencyMs(0.99), a.requestThreadCpuMsPerRequest(),
                    b.requestThreadCpuMsPerRequest(), delayedWritesPerRequest.get(i), durableWritesPerRequest.get(i),
                    delayedKibPerRequest.get(i), durableKibPerRequest.get(i), a.errors() + b.errors());
            a.errorSamples().forEach(e -> REPORT.println("  error sample: " + e));
            b.errorSamples().forEach(e -> REPORT.println("  error sample: " + e));
        }
        long[] allDelayed = Stats.merge(delayedLatencies);
        long[] allDurable = Stats.merge(durableLatencies);
        double ratioOfMedians = Stats.median(durableRates) / Stats.median(delayedRates);
        REPORT.printf(Locale.ROOT, "| **median** | **%.0f** | **%.0f** | **%.3f** | %.2f / %.2f | %.2f / %.2f | %.3f / %.3f | %.2f / %.2f | %.1f / %.1f | %d |%n",
                Stats.median(delayedRates), Stats.median(durableRates), ratioOfMedians,
                Stats.quantile(allDelayed, 0.5) / 1e6, Stats.quantile(allDelayed, 0.99) / 1e6,
                Stats.quantile(allDurable, 0.5) / 1e6, Stats.quantile(allDurable, 0.99) / 1e6,
                Stats.median(delayedCpu), Stats.median(durableCpu), Stats.median(delayedWritesPerRequest),
                Stats.median(durableWritesPerRequest), Stats.median(delayedKibPerRequest), Stats.median(durableKibPerRequest), errors);
        REPORT.printf(Locale.ROOT, "%nRatio of medians %.3f (per-round ratios %.3f to %.3f, their median %.3f); "
                + "latencies in the median row are over all rounds.%n", ratioOfMedians, Stats.min(ratios), Stats.max(ratios),
                Stats.median(ratios));
        REPORT.printf(Locale.ROOT, "SUMMARY h2 %s: delayed commits median %.0f/s, durable commits median %.0f/s, "
                + "ratio of medians %.3f (rounds %.3f..%.3f), p99 %.2f -> %.2f ms, request-thread CPU %.3f -> %.3f ms/request, "
                + "file writes %.2f -> %.2f and %.1f -> %.1f KiB per request, errors %d%n", name, Stats.median(delayedRates),
                Stats.median(durableRates), ratioOfMedians, Stats.min(ratios), Stats.max(ratios),
                Stats.quantile(allDelayed, 0.99) / 1e6, Stats.quantile(allDurable, 0.99) / 1e6, Stats.median(delayedCpu),
                Stats.median(durableCpu), Stats.median(delayedWritesPerRequest), Stats.median(durableWritesPerRequest),
                Stats.median(delayedKibPerRequest), Stats.median(durableKibPerRequest), errors);
    }

    /** H2's count of file writes and of bytes written since the database was opened. */
    private static long[] fileWrites(BenchServer server) {
        Map<String, Long> info = server.app().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                        + "WHERE SETTING_NAME IN ('info.FILE_WRITE', 'info.FILE_WRITE_BYTES')")
                .reduceRows(new java.util.HashMap<String, Long>(), (map, row) -> {
                    map.put(row.getColumn("SETTING_NAME", String.class), Long.parseLong(row.getColumn("SETTING_VALUE", String.class)));
                    return map;
                }));
        return new long[] {info.get("info.FILE_WRITE"), info.get("info.FILE_WRITE_BYTES")};
    }

    /** Changes H2's commit delay of the running database, and checks that H2 took it. */
    private static void setWriteDelay(BenchServer server, int millis) {
        // H2 lists the setting twice once SET has stored it: the value in use and the stored one.
        List<String> now = server.app().jdbi().withHandle(handle -> {
            handle.execute("SET WRITE_DELAY " + millis);
            return handle.createQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")
                    .mapTo(String.class).list();
        });
        if (now.isEmpty() || !now.stream().allMatch(Integer.toString(millis)::equals)) {
            throw new IllegalStateException("H2 did not take WRITE_DELAY " + millis + ": it reports " + now);
        }
    }
}
