package io.closeloop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this process's Java threads by group, to see where a round's CPU went: request threads (Jetty's
 * {@code dw-*} and the WeChat channel's {@code wechat-handler-*}, which do the work of a push), the
 * scheduler (invitation dispatcher and outbox worker in the background), H2's background threads, other Java
 * threads; the rest of the process's CPU time is the JVM's own threads (garbage collection, JIT compilation) and
 * the load generator, whose threads have ended when the round is sampled (its share is reported on its own).
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> cpu = new HashMap<>();

    static ThreadCpu now() {
        ThreadCpu sample = new ThreadCpu();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long ns = THREADS.getThreadCpuTime(info.getThreadId());
            if (ns >= 0) {
                sample.names.put(info.getThreadId(), info.getThreadName());
                sample.cpu.put(info.getThreadId(), ns);
            }
        }
        return sample;
    }

    /** CPU milliseconds per group between {@code before} and this sample; threads that ended are missed. */
    Map<String, Double> since(ThreadCpu before) {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (String group : new String[] {"requests", "scheduler", "h2 background", "other java"}) {
            groups.put(group, 0.0);
        }
        cpu.forEach((id, ns) -> groups.merge(group(names.get(id)), (ns - before.cpu.getOrDefault(id, 0L)) / 1e6,
                Double::sum));
        return groups;
    }

    static String format(Map<String, Double> groups, double processMs) {
        double javaMs = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        String parts = groups.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s, JVM threads (GC, JIT) and load generator %.0f ms", parts,
                Math.max(0, processMs - javaMs));
    }

    private static String group(String name) {
        // A WeChat push is read on a Jetty thread and handled on the channel's handler pool while that thread waits.
        if (name.startsWith("dw-") || name.startsWith("wechat-handler-")) {
            return "requests";
        }
        if (name.equals("invitation-dispatcher") || name.equals("outbox-worker")) {
            return "scheduler";
        }
        if (name.contains("MVStore") || name.startsWith("H2") || name.startsWith("h2")) {
            return "h2 background";
        }
        return "other java";
    }
}
