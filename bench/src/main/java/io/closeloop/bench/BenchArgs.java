package io.closeloop.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The command line of every load benchmark: {@code h2|mariadb}, then {@code key=value} options, of which
 * clients, rounds, seconds, warmup and config are common to all.
 */
record BenchArgs(String database, Map<String, String> options, int clients, int rounds, double seconds,
                 double warmup) {

    /** Reads the arguments, or prints the usage and exits. */
    static BenchArgs parse(String bench, String moreUsage, String[] args) {
        if (args.length < 1 || !(args[0].equals("h2") || args[0].equals("mariadb"))) {
            System.err.println("usage: " + bench + " h2|mariadb [clients=8] [rounds=5] [seconds=6] [warmup=8]"
                    + (moreUsage.isEmpty() ? "" : " " + moreUsage) + " [config=FILE]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return new BenchArgs(args[0], Map.copyOf(options), Integer.parseInt(options.getOrDefault("clients", "8")),
                Integer.parseInt(options.getOrDefault("rounds", "5")),
                Double.parseDouble(options.getOrDefault("seconds", "6")),
                Double.parseDouble(options.getOrDefault("warmup", "8")));
    }

    int option(String name, int otherwise) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(otherwise)));
    }

    String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
    }

    /** Starts the service on the chosen database, with these configuration overrides, and runs the work. */
    void onServer(Map<String, String> overrides, ServiceBench.OnServer work) throws Exception {
        if (database.equals("h2")) {
            ServiceBench.onH2(options.get("config"), overrides, work);
        } else {
            ServiceBench.onMariaDb(options.get("config"), overrides, work);
        }
    }
}
