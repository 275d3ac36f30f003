package io.closeloop.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load generator: requests are due at a fixed rate whatever the server does. Request i of a round
 * is due at {@code start + i / rate}; the requests are dealt round-robin to a few keep-alive connections (request
 * i to connection i mod n), each sending its next one when it is due, or at once when the previous answer came
 * late. Latency runs from the time a request was due, not from when it could be sent, so a stall of the server
 * counts for every request it held back (no coordinated omission); the time from actual send to answer is kept
 * too, as "service time".
 *
 * <p>A round is bounded in count (rate times seconds) and in time: what has not been sent 30 s after the end of
 * the schedule is counted as unsent.
 */
final class OpenLoop {

    private static final long GRACE_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_ERROR_SAMPLES = 5;

    /** One round. Latencies are sorted, in nanoseconds, of successful requests only. */
    record Round(String workload, double rate, double seconds, long scheduled, long ok, long errors, long unsent,
            long[] latencies, long[] serviceTimes, double elapsedSeconds, double clientCpuShare,
            double processCpuShare, double machineCpuShare, double databaseCpuShare, Map<String, Double> threadCpuMs,
            List<String> errorSamples) {

        double latencyMs(double quantile) {
            return Stats.quantile(latencies, quantile) / 1e6;
        }

        double serviceMs(double quantile) {
            return Stats.quantile(serviceTimes, quantile) / 1e6;
        }

        double maxMs() {
            return latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6;
        }

        /** Successful requests per second over the time the round took, until its last answer. */
        double achieved() {
            return ok / elapsedSeconds;
        }

        double requestThreadCpuMsPerRequest() {
            return ok == 0 ? Double.NaN : threadCpuMs.getOrDefault("requests", Double.NaN) / ok;
        }
    }

    private final int port;
    private final int connections;

    OpenLoop(int port, int connections) {
        this.port = port;
        this.connections = connections;
    }

    Round run(String workload, double rate, double seconds, IntFunction<ClosedLoop.Client> clientFactory) {
        long total = Math.max(1, Math.round(rate * seconds));
        double periodNs = 1e9 / rate;
        AtomicLong errors = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[connections][];
        long[][] serviceTimes = new long[connections][];
        long[] okCounts = new long[connections];
        long[] cpuNs = new long[connections];
        long[] lastAnswer = new long[connections];
        long[] startHolder = new long[1];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int index = c;
            ClosedLoop.Client client = clientFactory.apply(c);
            Thread worker = new Thread(() -> {
                ClosedLoop.LongList latency = new ClosedLoop.LongList();
                ClosedLoop.LongList service = new ClosedLoop.LongList();
                long ok = 0;
                long cpuStart = 0;
                try (HttpConnection connection = new HttpConnection(port)) {
                    try {
                        connection.connect();
                    } catch (IOException e) {
                        errorSamples.add("connect: " + e);
                    }
                    ready.countDown();
                    go.await();
                    cpuStart = threads.getCurrentThreadCpuTime();
                    long start = startHolder[0];
                    long hardDeadline = start + (long) (seconds * 1e9) + GRACE_NS;
                    for (long slot = index; slot < total; slot += connections) {
                        byte[] request = client.nextRequest();
                        long due = start + (long) (slot * periodNs);
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        long t0 = System.nanoTime();
                        if (t0 > hardDeadline) {
                            unsent.addAndGet((total - slot + connections - 1) / connections);
                            break;
                        }
                        boolean good;
                        HttpConnection.Response response = null;
                        try {
                            response = connection.exchange(request);
                            good = client.accept(response);
                        } catch (IOException | RuntimeException e) {
                            good = false;
                            connection.close();
                            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                                errorSamples.add(e.toString());
                            }
                        }
                        long t1 = System.nanoTime();
                        lastAnswer[index] = t1;
                        if (good) {
                            ok++;
                            latency.add(t1 - due);
                            service.add(t1 - t0);
                        } else {
                            errors.incrementAndGet();
                            if (response != null && errorSamples.size() < MAX_ERROR_SAMPLES) {
                                String text = response.text().replaceAll("\\s+", " ");
                                errorSamples.add(response.status() + " " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[index] = latency.toArray();
                    serviceTimes[index] = service.toArray();
                    okCounts[index] = ok;
                    cpuNs[index] = cpuStart == 0 ? 0 : threads.getCurrentThreadCpuTime() - cpuStart;
                }
            }, "open-" + workload + "-" + c);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load connections did not open");
            }
            ThreadCpu threadsBefore = ThreadCpu.now();
            ClosedLoop.CpuSample before = ClosedLoop.CpuSample.now();
            startHolder[0] = System.nanoTime();
            go.countDown();
            for (Thread worker : workers) {
                worker.join((long) (seconds * 1000) + TimeUnit.NANOSECONDS.toMillis(GRACE_NS) + 30_000);
            }
            ClosedLoop.CpuSample after = ClosedLoop.CpuSample.now();
            Map<String, Double> threadCpu = ThreadCpu.now().since(threadsBefore);
            long end = Arrays.stream(lastAnswer).max().orElse(startHolder[0]);
            double elapsed = Math.max(seconds, (end - startHolder[0]) / 1e9);
            double cores = Runtime.getRuntime().availableProcessors();
            double wall = (after.wallNs() - before.wallNs()) / 1e9;
            return new Round(workload, rate, seconds, total, Arrays.stream(okCounts).sum(), errors.get(), unsent.get(),
                    Stats.merge(latencies), Stats.merge(serviceTimes), elapsed,
                    Arrays.stream(cpuNs).sum() / (wall * 1e9 * cores), after.processShareSince(before, cores),
                    after.machineShareSince(before), after.databaseShareSince(before), threadCpu,
                    List.copyOf(errorSamples));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The report of open-loop rounds of [bare, real] at one rate: per round and pooled latencies from the due
     * time, service time, errors, CPU. {@code name} names the workload ("sms webhooks"), {@code plural} and
     * {@code singular} its requests ("webhooks", "webhook").
     */
    static void report(PrintStream out, String database, String name, String plural, String singular, double rate,
            List<Round[]> rounds) {
        out.printf(Locale.ROOT, "%n### %s, open loop at %.0f requests/s%n%n", name, rate);
        out.println("| round | bare sent/s | bare p50 / p99 / max ms | " + plural + " sent/s | " + plural
                + " p50 / p99 / max ms | " + plural + " service time p99 ms | errors | unsent | request-thread CPU ms "
                + "per request, bare / " + plural + " | process CPU, bare / " + plural + " | database server CPU | other CPU |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        long[][] bareLatencies = new long[rounds.size()][];
        long[][] realLatencies = new long[rounds.size()][];
        long[][] realService = new long[rounds.size()][];
        List<Double> realP99 = new ArrayList<>();
        long errors = 0;
        long unsent = 0;
        List<Double> bareCpu = new ArrayList<>();
        List<Double> realCpu = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Round b = rounds.get(i)[0];
            Round r = rounds.get(i)[1];
            bareLatencies[i] = b.latencies();
            realLatencies[i] = r.latencies();
            realService[i] = r.serviceTimes();
            realP99.add(r.latencyMs(0.99));
            errors += b.errors() + r.errors();
            unsent += b.unsent() + r.unsent();
            bareCpu.add(b.requestThreadCpuMsPerRequest());
            realCpu.add(r.requestThreadCpuMsPerRequest());
            out.printf(Locale.ROOT, "| %d | %.0f | %.2f / %.2f / %.1f | %.0f | %.2f / %.2f / %.1f | %.2f | %d | %d | %.3f / %.3f | %.0f%% / %.0f%% | %.0f%% | %.0f%% |%n",
                    i + 1, b.achieved(), b.latencyMs(0.5), b.latencyMs(0.99), b.maxMs(), r.achieved(), r.latencyMs(0.5),
                    r.latencyMs(0.99), r.maxMs(), r.serviceMs(0.99), b.errors() + r.errors(), b.unsent() + r.unsent(),
                    b.requestThreadCpuMsPerRequest(), r.requestThreadCpuMsPerRequest(), 100 * b.processCpuShare(),
                    100 * r.processCpuShare(), 100 * r.databaseCpuShare(),
                    100 * Math.max(0, r.machineCpuShare() - r.processCpuShare() - r.databaseCpuShare()));
            for (Round x : rounds.get(i)) {
                x.errorSamples().forEach(e -> out.println("  error sample (" + x.workload() + "): " + e));
            }
        }
        long[] bare = Stats.merge(bareLatencies);
        long[] real = Stats.merge(realLatencies);
        long[] service = Stats.merge(realService);
        out.printf(Locale.ROOT, "| **all rounds** | | **%.2f / %.2f** / %.1f | | **%.2f / %.2f** / %.1f | %.2f | %d | %d | %.3f / %.3f | | | |%n",
                q(bare, 0.5), q(bare, 0.99), q(bare, 1), q(real, 0.5), q(real, 0.99), q(real, 1), q(service, 0.99),
                errors, unsent, Stats.median(bareCpu), Stats.median(realCpu));
        out.printf(Locale.ROOT, "%nLatency from the time each request was due to its answer, over %d %s and %d bare "
                + "requests (the all-rounds row pools them; the per-round %s p99s range %.2f to %.2f ms). \"service "
                + "time\": from the actual send instead, which hides queueing behind a late answer.%n",
                real.length, plural, bare.length, singular, Stats.min(realP99), Stats.max(realP99));
        out.printf(Locale.ROOT, "SUMMARY %s %s open loop at %.0f/s: p50 %.2f ms, p99 %.2f ms, max %.1f ms; "
                + "bare at the same rate p50 %.2f ms, p99 %.2f ms; errors %d, unsent %d%n",
                database, name, rate, q(real, 0.5), q(real, 0.99), q(real, 1), q(bare, 0.5), q(bare, 0.99), errors, unsent);
    }

    private static double q(long[] sorted, double quantile) {
        return Stats.quantile(sorted, quantile) / 1e6;
    }
}
