package io.closeloop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator: a fixed number of clients, each with its own keep-alive connection, sends
 * its next request as soon as the previous answer arrived. Every round is bounded in time and in count.
 */
final class ClosedLoop {

    /** What one client sends and how it judges the answers; one instance per client thread. */
    interface Client {
        byte[] nextRequest();

        /** True when the response is what a correct server answers; the client may keep data from it. */
        boolean accept(HttpConnection.Response response);
    }

    /** One round's measurements. Latencies are sorted, in nanoseconds; perSecond counts successes. */
    record Round(String workload, int clients, double seconds, long ok, long errors, long[] latencies,
            long[] perSecond, double clientCpuShare, double processCpuShare, double machineCpuShare,
            double databaseCpuShare, java.util.Map<String, Double> threadCpuMs, List<String> errorSamples) {

        double throughput() {
            return ok / seconds;
        }

        double latencyMs(double quantile) {
            return Stats.quantile(latencies, quantile) / 1e6;
        }

        /** CPU time of the whole process (service and load generator) per successful request, in ms. */
        double cpuMsPerRequest() {
            return ok == 0 ? Double.NaN
                    : processCpuShare * Runtime.getRuntime().availableProcessors() * seconds * 1000 / ok;
        }

        /** CPU time of the server's request threads (Jetty's dw-*) per successful request, in ms. */
        double requestThreadCpuMsPerRequest() {
            return ok == 0 ? Double.NaN : threadCpuMs.getOrDefault("requests", Double.NaN) / ok;
        }

        double processCpuMs() {
            return processCpuShare * Runtime.getRuntime().availableProcessors() * seconds * 1000;
        }

        long worstSecond() {
            return perSecond.length == 0 ? 0 : Arrays.stream(perSecond).min().orElse(0);
        }
    }

    private static final int MAX_ERROR_SAMPLES = 5;
    private static final long MAX_ERRORS = 1_000;

    private final int port;
    private final int clients;
    private final long maxRequestsPerClient;

    ClosedLoop(int port, int clients, long maxRequestsPerClient) {
        this.port = port;
        this.clients = clients;
        this.maxRequestsPerClient = maxRequestsPerClient;
    }

    Round run(String workload, double seconds, IntFunction<Client> clientFactory) {
        long durationNs = (long) (seconds * 1e9);
        int buckets = (int) Math.ceil(seconds);
        AtomicLongArray perSecond = new AtomicLongArray(buckets);
        AtomicLong errors = new AtomicLong();
        List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[clients][];
        long[] okCounts = new long[clients];
        long[] cpuNs = new long[clients];
        long[] startHolder = new long[1];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int index = c;
            Client client = clientFactory.apply(c);
            Thread worker = new Thread(() -> {
                LongList latency = new LongList();
                long ok = 0;
                long cpuStart = 0;
                try (HttpConnection connection = new HttpConnection(port)) {
                    try {
                        connection.connect();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        errorSamples.add("connect: " + e);
                        ready.countDown();
                        return;
                    }
                    ready.countDown();
                    go.await();
                    cpuStart = threads.getCurrentThreadCpuTime();
                    long start = startHolder[0];
                    long deadline = start + durationNs;
                    for (long n = 0; n < maxRequestsPerClient && System.nanoTime() < deadline; n++) {
                        byte[] request = client.nextRequest();
                        long t0 = System.nanoTime();
                        boolean good;
                        HttpConnection.Response response = null;
                        try {
                            response = connection.exchange(request);
                            good = client.accept(response);
                        } catch (IOException | RuntimeException e) {
                            good = false;
                            connection.close(); // the next exchange opens a fresh connection
                            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                                errorSamples.add(e.toString());
                            }
                        }
                        long t1 = System.nanoTime();
                        if (t1 > deadline) {
                            break;
                        }
                        if (good) {
                            ok++;
                            latency.add(t1 - t0);
                            perSecond.incrementAndGet((int) Math.min(buckets - 1, (t1 - start) / 1_000_000_000L));
                        } else {
                            if (response != null && errorSamples.size() < MAX_ERROR_SAMPLES) {
                                errorSamples.add(response.status() + " " + abbreviate(response.text()));
                            }
                            if (errors.incrementAndGet() > MAX_ERRORS) {
                                break;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[index] = latency.toArray();
                    okCounts[index] = ok;
                    cpuNs[index] = cpuStart == 0 ? 0 : threads.getCurrentThreadCpuTime() - cpuStart;
                }
            }, "load-" + workload + "-" + c);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        try {
            if (!ready.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load clients did not connect");
            }
            ThreadCpu threadsBefore = ThreadCpu.now();
            CpuSample before = CpuSample.now();
            startHolder[0] = System.nanoTime();
            go.countDown();
            for (Thread worker : workers) {
                worker.join(Math.max(1, (long) (seconds * 1000) + 60_000));
            }
            CpuSample after = CpuSample.now();
            java.util.Map<String, Double> threadCpu = ThreadCpu.now().since(threadsBefore);
            long total = Arrays.stream(okCounts).sum();
            long[] all = Stats.merge(latencies);
            long[] seconds1 = new long[buckets];
            for (int i = 0; i < buckets; i++) {
                seconds1[i] = perSecond.get(i);
            }
            double cores = Runtime.getRuntime().availableProcessors();
            double clientShare = Arrays.stream(cpuNs).sum() / (seconds * 1e9 * cores);
            return new Round(workload, clients, seconds, total, errors.get(), all, seconds1, clientShare,
                    after.processShareSince(before, cores), after.machineShareSince(before),
                    after.databaseShareSince(before), threadCpu,
                    List.copyOf(errorSamples));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    /**
     * CPU time of this process, of a local MariaDB/MySQL server process and of the whole machine (from /proc), to
     * tell the service's own work from the database server's and from noisy neighbours.
     */
    record CpuSample(long wallNs, long processNs, long machineBusy, long machineTotal, long databaseTicks) {

        static CpuSample now() {
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long busy = -1;
            long total = -1;
            try {
                String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
                long[] fields = Arrays.stream(cpu.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
                total = Arrays.stream(fields).limit(8).sum();
                long idle = fields[3] + fields[4];
                busy = total - idle;
            } catch (IOException | RuntimeException e) {
                // not Linux: the machine share is left unknown
            }
            return new CpuSample(System.nanoTime(), process, busy, total, readDatabaseTicks());
        }

        /** utime + stime, in the clock ticks /proc/stat also counts in, of mariadbd or mysqld processes. */
        private static long readDatabaseTicks() {
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path dir : (Iterable<Path>) processes::iterator) {
                    if (!dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String comm = Files.readString(dir.resolve("comm")).trim();
                        if (comm.equals("mariadbd") || comm.equals("mysqld")) {
                            String stat = Files.readString(dir.resolve("stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended or is not readable
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return ticks;
        }

        double processShareSince(CpuSample before, double cores) {
            return (processNs - before.processNs) / ((wallNs - before.wallNs) * cores);
        }

        double machineShareSince(CpuSample before) {
            if (machineTotal < 0 || before.machineTotal < 0 || machineTotal == before.machineTotal) {
                return Double.NaN;
            }
            return (double) (machineBusy - before.machineBusy) / (machineTotal - before.machineTotal);
        }

        double databaseShareSince(CpuSample before) {
            if (databaseTicks < 0 || before.databaseTicks < 0 || machineTotal <= before.machineTotal) {
                return Double.NaN;
            }
            return (double) (databaseTicks - before.databaseTicks) / (machineTotal - before.machineTotal);
        }
    }

    /** A growable array of longs, so a round's latencies cost no boxing. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
