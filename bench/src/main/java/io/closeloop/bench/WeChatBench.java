package io.closeloop.bench;

import io.closeloop.channels.wechat.WeChatCrypto;
import io.closeloop.channels.wechat.WeChatSignature;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.config.WeChatConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * WeChat safe-mode pushes ({@code POST /webhooks/wechat/{account}}: decrypt, handle, encrypt the passive reply;
 * see {@link WeChatWorkload}) against the bare XML endpoint of the same server ({@link BareWeChatResource}), on H2
 * ({@code config/local.yml}) or MariaDB ({@code config/mysql.yml}):
 *
 * <ol>
 *   <li>closed loop, maximum throughput: rounds of the bare endpoint and of pushes, alternated;
 *   <li>open loop at half the median push throughput of step 1: rounds of bare and of pushes at that fixed rate,
 *       alternated, latency measured from the time each request was due.
 * </ol>
 *
 * <pre>
 * java -cp ... io.closeloop.bench.WeChatBench h2|mariadb [clients=8] [rounds=5] [seconds=6] [warmup=8] [connections=8] [config=FILE]
 * </pre>
 *
 * The first WeChat account of the configuration is used, as configured (token, appId, EncodingAESKey; it must be
 * in safe mode); only {@code wechat.apiBaseUrl} is overridden, to a {@link WeChatApiStandIn} on 127.0.0.1 that
 * accepts the account's appId and AppSecret. The surveys the customers answer are real: purchases with {@code
 * "channel":"wechat"} through the API, then the scheduler ({@code dispatcher().runOnce()}) sends the invitations
 * through WeChat's customer-service API (the stand-in). This happens before the measured rounds and between them
 * when the pool of sent surveys runs low, never during a round. MariaDB needs the environment of {@link
 * ServiceBench} and the channel switched on ({@code CLOSELOOP_WECHAT_ENABLED=true} and the {@code WECHAT_*}
 * credentials, see {@code bench/run.sh}).
 */
public final class WeChatBench {

    private static final PrintStream REPORT = ServiceBench.REPORT;
    private static final long MAX_REQUESTS_PER_CLIENT_AND_ROUND = 2_000_000;
    /** Throughput assumed for the first pool of surveys, before anything is measured. */
    private static final double FIRST_GUESS_PER_SECOND = 800;

    private final int clients;
    private final int rounds;
    private final double seconds;
    private final double warmup;
    private final int connections;
    private final WeChatApiStandIn api;

    private WeChatBench(int clients, int rounds, double seconds, double warmup, int connections, WeChatApiStandIn api) {
        this.clients = clients;
        this.rounds = rounds;
        this.seconds = seconds;
        this.warmup = warmup;
        this.connections = connections;
        this.api = api;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs parsed = BenchArgs.parse("WeChatBench", "[connections=8]", args);
        try (WeChatApiStandIn api = new WeChatApiStandIn()) {
            WeChatBench bench = new WeChatBench(parsed.clients(), parsed.rounds(), parsed.seconds(), parsed.warmup(),
                    parsed.option("connections", 8), api);
            Map<String, String> overrides = new HashMap<>(SmsBench.SURVEYS_ONLY);
            overrides.put("wechat.apiBaseUrl", api.baseUri().toString());
            parsed.onServer(overrides, bench::run);
        }
        System.exit(0);
    }

    private void run(String database, String config, BenchServer server, String apiKey) {
        CloseloopConfiguration settings = server.config();
        if (!settings.getWechat().enabled() || settings.getWechat().accounts().isEmpty()) {
            throw new IllegalStateException("the WeChat channel is off in " + config + " (wechat.enabled)");
        }
        WeChatConfig.Account account = settings.getWechat().accounts().get(0);
        if (!account.mode().equals("safe")) {
            throw new IllegalStateException("WeChat account " + account.name() + " is in " + account.mode()
                    + " mode in " + config + "; this benchmark measures the safe mode (WECHAT_MODE=safe)");
        }
        api.expect(account.appId(), account.appSecret() == null ? "" : account.appSecret().reveal());
        int port = server.port();
        String label = database.startsWith("h2") ? "h2" : "mariadb";
        WeChatWorkload wechat = new WeChatWorkload(port, account.name(), new WeChatSignature(account.token().reveal()),
                new WeChatCrypto(account.encodingAesKey().reveal(), account.appId()),
                Long.toString(System.currentTimeMillis(), 36));
        ClosedLoop load = new ClosedLoop(port, clients, MAX_REQUESTS_PER_CLIENT_AND_ROUND);
        OpenLoop open = new OpenLoop(port, connections);

        REPORT.printf(Locale.ROOT, "%n## WeChat safe-mode messages on %s (%s), %s%n%n", database, config, Instant.now());
        REPORT.printf(Locale.ROOT, "POST %s?signature=…&timestamp=…&nonce=…&openid=…&encrypt_type=aes&msg_signature=… "
                + "(the message XML AES-encrypted with account %s's EncodingAESKey and appId %s, a new MsgId each; the "
                + "encrypted passive reply checked and decrypted by the client) against POST %s (the same requests; "
                + "nothing checked, decrypted or stored; a fixed clear-text XML reply), on 127.0.0.1:%d. WeChat's API: a "
                + "stand-in at %s. Closed loop: %d clients, %d rounds of %.0f s per endpoint, alternating, after %.0f s "
                + "warm-ups of each. Open loop: %d connections at half the closed-loop median push throughput, %d rounds "
                + "of %.0f s per endpoint, alternating. Customers' time zone %s. JVM: %s, %d cores, max heap %d MiB%n",
                wechat.webhookPath(), account.name(), account.appId(), wechat.barePath(), port, api.baseUri(), clients,
                rounds, seconds, warmup, connections, rounds, seconds, wechat.timeZone(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576);
        REPORT.println();

        Preparation preparation = new Preparation(server, wechat, apiKey);
        preparation.ensure(needed(FIRST_GUESS_PER_SECOND, warmup));
        ClosedLoop.Round bareWarmup = load.run("warm-up bare", warmup, wechat.bare());
        ClosedLoop.Round realWarmup = load.run("warm-up wechat", warmup, wechat.pushes());
        for (ClosedLoop.Round w : List.of(bareWarmup, realWarmup)) {
            REPORT.printf(Locale.ROOT, "%s: %.0f/s, %d errors%s%n", w.workload(), w.throughput(), w.errors(),
                    w.errorSamples().isEmpty() ? "" : " (" + String.join("; ", w.errorSamples()) + ")");
        }

        // (a) closed loop
        double fastest = realWarmup.throughput();
        long dryBefore = wechat.dry();
        List<ClosedLoop.Round[]> closedRounds = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            preparation.ensure(needed(fastest, seconds));
            ClosedLoop.Round bare = load.run("bare", seconds, wechat.bare());
            ClosedLoop.Round real = load.run("wechat messages", seconds, wechat.pushes());
            closedRounds.add(new ClosedLoop.Round[] {bare, real});
            fastest = Math.max(fastest, real.throughput());
        }
        ServiceBench.report(label, "wechat messages", closedRounds);
        REPORT.printf(Locale.ROOT, "(Here the request threads are Jetty's dw-* and the channel's wechat-handler-* pool, "
                + "which handles each push while the Jetty thread waits for its reply.)%n");
        double rate = Stats.median(closedRounds.stream().map(r -> r[1].throughput()).toList()) / 2;
        long dryClosed = wechat.dry() - dryBefore;

        // (b) open loop at half the closed-loop median
        List<OpenLoop.Round[]> openRounds = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            preparation.ensure(needed(rate, seconds));
            OpenLoop.Round bare = open.run("bare", rate, seconds, wechat.bare());
            OpenLoop.Round real = open.run("wechat messages", rate, seconds, wechat.pushes());
            openRounds.add(new OpenLoop.Round[] {bare, real});
        }
        OpenLoop.report(REPORT, label, "wechat messages", "messages", "message", rate, openRounds);
        long dryOpen = wechat.dry() - dryBefore - dryClosed;

        REPORT.printf(Locale.ROOT, "%nMix: %s Measured rounds: the pool ran dry %d times in the closed loop and %d "
                + "in the open loop.%n", wechat.mix(), dryClosed, dryOpen);
        REPORT.printf(Locale.ROOT, "Preparation (outside the rounds): %s%n", preparation.summary());

        long inbound = ServiceBench.count(server, "SELECT COUNT(*) FROM inbound_message WHERE channel = 'wechat'");
        long answers = ServiceBench.count(server, "SELECT COUNT(*) FROM survey_answer");
        long completed = ServiceBench.count(server,
                "SELECT COUNT(*) FROM survey_invitation WHERE channel = 'wechat' AND status = 'completed'");
        REPORT.printf(Locale.ROOT, "%nDatabase check: %d inbound WeChat messages stored for %d pushes answered correctly "
                + "(%s); %d answer rows for %d answers the replies confirmed (%s); %d completed WeChat surveys for %d (%s).%n",
                inbound, wechat.accepted(), inbound == wechat.accepted() ? "match" : "MISMATCH", answers,
                wechat.answersStored(), answers == wechat.answersStored() ? "match" : "MISMATCH", completed,
                wechat.completed(), completed == wechat.completed() ? "match" : "MISMATCH");
        System.gc();
        REPORT.printf(Locale.ROOT, "Heap in use after a full GC (service and load generator): %d MiB%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576);
    }

    /** Surveys a round at this rate can use, with room to spare. */
    private int needed(double perSecond, double roundSeconds) {
        double surveyMessages = perSecond * roundSeconds * (1 - 1.0 / WeChatWorkload.UNKNOWN_EVERY);
        return (int) Math.ceil(1.5 * surveyMessages / SmsWorkload.meanConversationLength()) + 4 * clients;
    }

    /** Fills the pool of sent surveys: purchases through the API, then the scheduler sends the invitations. */
    private final class Preparation {
        private final BenchServer server;
        private final WeChatWorkload wechat;
        private final String apiKey;
        private long surveys;
        private long purchaseNs;
        private long dispatchNs;
        private long purchaseErrors;
        private int batches;

        Preparation(BenchServer server, WeChatWorkload wechat, String apiKey) {
            this.server = server;
            this.wechat = wechat;
            this.apiKey = apiKey;
        }

        void ensure(int needed) {
            if (wechat.readyCount() >= needed) {
                return;
            }
            int count = 2 * needed - wechat.readyCount();
            List<WeChatWorkload.Conversation> prepared = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            ClosedLoop.Round purchases = new ClosedLoop(server.port(), clients, (count + clients - 1) / clients)
                    .run("wechat purchases", 600, wechat.purchases(apiKey, prepared));
            long t1 = System.nanoTime();
            purchaseErrors += purchases.errors();
            purchases.errorSamples().forEach(e -> REPORT.println("  purchase error sample: " + e));
            long deadline = t1 + TimeUnit.MINUTES.toNanos(10);
            while (scheduled() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scheduler did not send the WeChat invitations within 10 minutes");
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
            wechat.addReady(prepared, api);
        }

        private long scheduled() {
            return ServiceBench.count(server,
                    "SELECT COUNT(*) FROM survey_invitation WHERE channel = 'wechat' AND status = 'scheduled'");
        }

        String summary() {
            return String.format(Locale.ROOT, "%d WeChat surveys in %d batches: purchases at %.0f/s (%d errors), "
                    + "invitations sent by the scheduler through the API stand-in at %.0f/s (one thread calling "
                    + "dispatcher().runOnce(), the background loop also running); %d invitations missing or without the "
                    + "first question at the stand-in; stand-in: %s.", surveys, batches, surveys / (purchaseNs / 1e9),
                    purchaseErrors, surveys / (dispatchNs / 1e9), wechat.notInvited(), api.summary());
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
