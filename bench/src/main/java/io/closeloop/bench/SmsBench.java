package io.closeloop.bench;

import io.closeloop.service.config.CloseloopConfiguration;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signed inbound SMS webhooks ({@code POST /webhooks/twilio/sms}, see {@link SmsWorkload}) against the bare
 * form endpoint of the same server ({@link BareWebhookResource}), on H2 ({@code config/local.yml}) or MariaDB
 * ({@code config/mysql.yml}):
 *
 * <ol>
 *   <li>closed loop, maximum throughput: rounds of the bare endpoint and of webhooks, alternated;
 *   <li>open loop at half the median webhook throughput of step 1: rounds of bare and of webhooks at that fixed
 *       rate, alternated, latency measured from the time each request was due.
 * </ol>
 *
 * <pre>
 * java -cp ... io.closeloop.bench.SmsBench h2|mariadb [clients=8] [rounds=5] [seconds=6] [warmup=8] [connections=8] [config=FILE]
 * </pre>
 *
 * The surveys the customers answer are real: purchases with {@code "channel":"sms"} through the API, then the
 * scheduler ({@code dispatcher().runOnce()}, as its background loop would) sends the invitations. This happens
 * before the measured rounds and between them when the pool of sent surveys runs low, never during a round.
 * MariaDB needs the same environment as {@link ServiceBench}.
 */
public final class SmsBench {

    private static final PrintStream REPORT = ServiceBench.REPORT;
    /**
     * The survey conversation as measured before the bot existed: without an FAQ (and without the language models)
     * a message from an unknown number gets the acknowledgement the workload expects, not an FAQ answer.
     */
    static final Map<String, String> SURVEYS_ONLY = Map.of("nlp.enabled", "false", "nlp.demoFaq", "false");
    private static final long MAX_REQUESTS_PER_CLIENT_AND_ROUND = 2_000_000;
    /** Throughput assumed for the first pool of surveys, before anything is measured. */
    private static final double FIRST_GUESS_PER_SECOND = 800;

    private final int clients;
    private final int rounds;
    private final double seconds;
    private final double warmup;
    private final int connections;

    private SmsBench(int clients, int rounds, double seconds, double warmup, int connections) {
        this.clients = clients;
        this.rounds = rounds;
        this.seconds = seconds;
        this.warmup = warmup;
        this.connections = connections;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs parsed = BenchArgs.parse("SmsBench", "[connections=8]", args);
        SmsBench bench = new SmsBench(parsed.clients(), parsed.rounds(), parsed.seconds(), parsed.warmup(),
                parsed.option("connections", 8));
        parsed.onServer(SURVEYS_ONLY, bench::run);
        System.exit(0);
    }

    private void run(String database, String config, BenchServer server, String apiKey) {
        CloseloopConfiguration settings = server.config();
        if (!settings.getSms().enabled()) {
            throw new IllegalStateException("the SMS channel is off in " + config + " (sms.enabled)");
        }
        int port = server.port();
        String label = database.startsWith("h2") ? "h2" : "mariadb";
        SmsWorkload sms = new SmsWorkload(port, settings.getApi().publicBaseUrl(), settings.getSms(),
                Long.toString(System.currentTimeMillis(), 36));
        ClosedLoop load = new ClosedLoop(port, clients, MAX_REQUESTS_PER_CLIENT_AND_ROUND);
        OpenLoop open = new OpenLoop(port, connections);

        REPORT.printf(Locale.ROOT, "%n## SMS webhooks on %s (%s), %s%n%n", database, config, Instant.now());
        REPORT.printf(Locale.ROOT, "Signed POST %s (Twilio's form parameters, a new MessageSid each, %s signed over %s) "
                + "against POST %s (the same requests; nothing checked or stored), on 127.0.0.1:%d. Closed loop: %d clients, "
                + "%d rounds of %.0f s per endpoint, alternating, after %.0f s warm-ups of each. Open loop: %d connections at "
                + "half the closed-loop median webhook throughput, %d rounds of %.0f s per endpoint, alternating. Customers' "
                + "time zone %s. JVM: %s, %d cores, max heap %d MiB%n",
                SmsWorkload.WEBHOOK_PATH, "X-Twilio-Signature", settings.getApi().publicBaseUrl() + SmsWorkload.WEBHOOK_PATH,
                SmsWorkload.BARE_PATH, port, clients, rounds, seconds, warmup, connections, rounds, seconds,
                sms.timeZone(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576);
        REPORT.println();

        Preparation preparation = new Preparation(server, sms, apiKey);
        preparation.ensure(needed(FIRST_GUESS_PER_SECOND, warmup));
        ClosedLoop.Round bareWarmup = load.run("warm-up bare", warmup, sms.bare());
        ClosedLoop.Round smsWarmup = load.run("warm-up webhooks", warmup, sms.webhooks());
        for (ClosedLoop.Round w : List.of(bareWarmup, smsWarmup)) {
            REPORT.printf(Locale.ROOT, "%s: %.0f/s, %d errors%s%n", w.workload(), w.throughput(), w.errors(),
                    w.errorSamples().isEmpty() ? "" : " (" + String.join("; ", w.errorSamples()) + ")");
        }

        // (a) closed loop
        double fastest = smsWarmup.throughput();
        long dryBefore = sms.dry();
        List<ClosedLoop.Round[]> closedRounds = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            preparation.ensure(needed(fastest, seconds));
            ClosedLoop.Round bare = load.run("bare", seconds, sms.bare());
            ClosedLoop.Round real = load.run("sms webhooks", seconds, sms.webhooks());
            closedRounds.add(new ClosedLoop.Round[] {bare, real});
            fastest = Math.max(fastest, real.throughput());
        }
        ServiceBench.report(label, "sms webhooks", closedRounds);
        List<Double> webhookThroughputs = closedRounds.stream().map(r -> r[1].throughput()).toList();
        double rate = Stats.median(webhookThroughputs) / 2;
        long dryClosed = sms.dry() - dryBefore;

        // (b) open loop at half the closed-loop median
        List<OpenLoop.Round[]> openRounds = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            preparation.ensure(needed(rate, seconds));
            OpenLoop.Round bare = open.run("bare", rate, seconds, sms.bare());
            OpenLoop.Round real = open.run("sms webhooks", rate, seconds, sms.webhooks());
            openRounds.add(new OpenLoop.Round[] {bare, real});
        }
        reportOpen(label, rate, openRounds);
        long dryOpen = sms.dry() - dryBefore - dryClosed;

        REPORT.printf(Locale.ROOT, "%nMix: %s Measured rounds: the pool ran dry %d times in the closed loop and %d "
                + "in the open loop.%n", sms.mix(), dryClosed, dryOpen);
        REPORT.printf(Locale.ROOT, "Preparation (outside the rounds): %s%n", preparation.summary());

        long inbound = ServiceBench.count(server, "SELECT COUNT(*) FROM inbound_message");
        long answers = ServiceBench.count(server, "SELECT COUNT(*) FROM survey_answer");
        long completed = ServiceBench.count(server,
                "SELECT COUNT(*) FROM survey_invitation WHERE channel = 'sms' AND status = 'completed'");
        REPORT.printf(Locale.ROOT, "%nDatabase check: %d inbound messages stored for %d webhooks answered correctly (%s); "
                + "%d answer rows for %d answers the replies confirmed (%s); %d completed SMS surveys for %d (%s).%n",
                inbound, sms.accepted(), inbound == sms.accepted() ? "match" : "MISMATCH", answers, sms.answersStored(),
                answers == sms.answersStored() ? "match" : "MISMATCH", completed, sms.completed(),
                completed == sms.completed() ? "match" : "MISMATCH");
        System.gc();
        REPORT.printf(Locale.ROOT, "Heap in use after a full GC (service and load generator): %d MiB%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576);
    }

    /** Surveys a round at this rate can use, with room to spare. */
    private int needed(double perSecond, double roundSeconds) {
        double surveyMessages = perSecond * roundSeconds * (1 - 1.0 / SmsWorkload.UNKNOWN_EVERY);
        return (int) Math.ceil(1.5 * surveyMessages / SmsWorkload.meanConversationLength()) + 4 * clients;
    }

    private static void reportOpen(String database, double rate, List<OpenLoop.Round[]> rounds) {
        OpenLoop.report(REPORT, database, "sms webhooks", "webhooks", "webhook", rate, rounds);
    }

    /** Fills the pool of sent surveys: purchases through the API, then the scheduler sends the invitations. */
    private final class Preparation {
        private final BenchServer server;
        private final SmsWorkload sms;
        private final String apiKey;
        private long surveys;
        private long purchaseNs;
        private long dispatchNs;
        private long purchaseErrors;
        private int batches;

        Preparation(BenchServer server, SmsWorkload sms, String apiKey) {
            this.server = server;
            this.sms = sms;
            this.apiKey = apiKey;
        }

        void ensure(int needed) {
            if (sms.readyCount() >= needed) {
                return;
            }
            int count = 2 * needed - sms.readyCount();
            List<SmsWorkload.Conversation> prepared = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            ClosedLoop.Round purchases = new ClosedLoop(server.port(), clients, (count + clients - 1) / clients)
                    .run("sms purchases", 600, sms.purchases(apiKey, prepared));
            long t1 = System.nanoTime();
            purchaseErrors += purchases.errors();
            purchases.errorSamples().forEach(e -> REPORT.println("  purchase error sample: " + e));
            long deadline = t1 + TimeUnit.MINUTES.toNanos(10);
            while (scheduled() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scheduler did not send the SMS invitations within 10 minutes");
                }
                if (server.app().dispatcher().runOnce() == 0) {
                    sleep(20);
                }
            }
            long t2 = System.nanoTime();
            purchaseNs += t1 - t0;
            dispatchNs += t2 - t1;
            surveys += prepared.size();
            batches++;
            sms.addReady(prepared);
        }

        private long scheduled() {
            return ServiceBench.count(server,
                    "SELECT COUNT(*) FROM survey_invitation WHERE channel = 'sms' AND status = 'scheduled'");
        }

        String summary() {
            return String.format(Locale.ROOT, "%d SMS surveys in %d batches: purchases at %.0f/s (%d errors), invitations "
                    + "sent by the scheduler at %.0f/s (one thread calling dispatcher().runOnce(), the background loop "
                    + "also running).", surveys, batches, surveys / (purchaseNs / 1e9), purchaseErrors,
                    surveys / (dispatchNs / 1e9));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
