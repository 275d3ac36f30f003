package io.closeloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.bench.BotWorkload.Kind;
import io.closeloop.bench.BotWorkload.Question;
import io.closeloop.nlp.Language;
import io.closeloop.nlp.sentiment.SentimentAnalyzer;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.nlp.Faq;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Bot turns over the SMS webhook (issue 6): customers with no survey in progress text FAQ questions to
 * {@code POST /webhooks/twilio/sms} and the bot answers in the TwiML reply ({@link BotWorkload}), against the bare
 * form endpoint of the same server ({@link BareWebhookResource}), closed loop, rounds alternated, on H2
 * ({@code config/local.yml}) or MariaDB ({@code config/mysql.yml}).
 *
 * <pre>
 * java -Xmx2g -cp ... io.closeloop.bench.BotBench h2|mariadb [clients=8] [rounds=5] [seconds=6] [warmup=8] [models=on|off] [config=FILE]
 * </pre>
 *
 * The service runs as the bot runs in production: the language models on ({@code nlp.enabled}, so every message
 * gets the sentiment check that hands angry customers to a person) and the demo FAQ trained
 * ({@code nlp.demoFaq}). Nothing is measured before {@code /healthcheck} says the models are ready and
 * {@code GET /api/v1/faq} lists a trained model. {@code models=off} turns the language models off (the FAQ is still
 * trained; the bot then skips its sentiment check), to see what that check costs. MariaDB needs the same
 * environment as {@link SmsBench}.
 */
public final class BotBench {

    private static final PrintStream REPORT = ServiceBench.REPORT;
    static final Map<String, String> BOT = Map.of("nlp.enabled", "true", "nlp.demoFaq", "true");
    private static final long MAX_REQUESTS_PER_CLIENT_AND_ROUND = 2_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Texts per language timed one by one in the service's own analyzer and matcher, after the rounds. */
    private static final int TIMED_TEXTS = 300;

    private final int clients;
    private final int rounds;
    private final double seconds;
    private final double warmup;

    private BotBench(int clients, int rounds, double seconds, double warmup) {
        this.clients = clients;
        this.rounds = rounds;
        this.seconds = seconds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs parsed = BenchArgs.parse("BotBench", "[models=on|off]", args);
        BotBench bench = new BotBench(parsed.clients(), parsed.rounds(), parsed.seconds(), parsed.warmup());
        Map<String, String> overrides = parsed.option("models", "on").equals("off")
                ? Map.of("nlp.enabled", "false", "nlp.demoFaq", "true") : BOT;
        parsed.onServer(overrides, bench::run);
        System.exit(0);
    }

    private void run(String database, String config, BenchServer server, String apiKey) {
        CloseloopConfiguration settings = server.config();
        if (!settings.getSms().enabled()) {
            throw new IllegalStateException("the SMS channel is off in " + config + " (sms.enabled)");
        }
        int port = server.port();
        String label = database.startsWith("h2") ? "h2" : "mariadb";
        long started = System.nanoTime();
        JsonNode listing = awaitReady(server, apiKey);
        double readySeconds = (System.nanoTime() - started) / 1e9;

        SmsWorkload sms = new SmsWorkload(port, settings.getApi().publicBaseUrl(), settings.getSms(),
                Long.toString(System.currentTimeMillis(), 36));
        BotWorkload bot = new BotWorkload(sms, BotWorkload.Faq.of(listing));
        ClosedLoop load = new ClosedLoop(port, clients, MAX_REQUESTS_PER_CLIENT_AND_ROUND);

        REPORT.printf(Locale.ROOT, "%n## Bot turns over the SMS webhook on %s (%s), %s%n%n", database, config, Instant.now());
        REPORT.printf(Locale.ROOT, "Signed POST %s from numbers with no survey, FAQ questions in English and Chinese "
                + "(%d and %d question forms, a new number in every text), one to three questions per customer, "
                + "against POST %s (the same requests; nothing checked or stored; a fixed reply), on 127.0.0.1:%d. "
                + "Settings: %s. Models and FAQ ready %.1f s after the server started (%d intents, %d example "
                + "questions). Closed loop: %d clients, %d rounds of %.0f s per endpoint, alternating, after %.0f s "
                + "warm-ups of each. JVM: %s, %d cores, max heap %d MiB%n",
                SmsWorkload.WEBHOOK_PATH, BotWorkload.ENGLISH.size(), BotWorkload.CHINESE.size(), SmsWorkload.BARE_PATH,
                port, settings.getNlp().enabled() ? BOT : "nlp.enabled=false (models off), nlp.demoFaq=true", readySeconds, listing.path("model").path("intents").asInt(),
                listing.path("model").path("examples").asInt(), clients, rounds, seconds, warmup,
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576);
        REPORT.println();

        ClosedLoop.Round bareWarmup = load.run("warm-up bare", warmup, bot.bare());
        ClosedLoop.Round botWarmup = load.run("warm-up bot turns", warmup, bot.conversations());
        for (ClosedLoop.Round w : List.of(bareWarmup, botWarmup)) {
            REPORT.printf(Locale.ROOT, "%s: %.0f/s, %d errors%s%n", w.workload(), w.throughput(), w.errors(),
                    w.errorSamples().isEmpty() ? "" : " (" + String.join("; ", w.errorSamples()) + ")");
        }

        BotWorkload.Counts before = bot.counts();
        List<ClosedLoop.Round[]> closedRounds = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            ClosedLoop.Round bare = load.run("bare", seconds, bot.bare());
            ClosedLoop.Round real = load.run("bot turns", seconds, bot.conversations());
            closedRounds.add(new ClosedLoop.Round[] {bare, real});
        }
        BotWorkload.Counts all = bot.counts();
        BotWorkload.Counts measured = all.minus(before);
        ServiceBench.report(label, "bot turns", closedRounds);
        reportReplies(label, measured, all);
        REPORT.printf(Locale.ROOT, "%n%s%n", bot.summary());
        reportCosts(server);

        long inbound = ServiceBench.count(server, "SELECT COUNT(*) FROM inbound_message");
        long tickets = ServiceBench.count(server, "SELECT COUNT(*) FROM ticket");
        long surveys = ServiceBench.count(server, "SELECT COUNT(*) FROM survey_invitation");
        REPORT.printf(Locale.ROOT, "%nDatabase check: %d inbound messages stored for %d bot replies checked (%s); %d "
                + "tickets for %d handoffs (%s); %d surveys (none expected: %s).%n", inbound, all.total(),
                inbound == all.total() ? "match" : "MISMATCH", tickets, all.of(Kind.HANDOFF),
                tickets == all.of(Kind.HANDOFF) ? "match" : "MISMATCH", surveys, surveys == 0 ? "match" : "MISMATCH");
        faqSelfCheck(port, sms, bot, listing);
        System.gc();
        REPORT.printf(Locale.ROOT, "Heap in use after a full GC (service, models and load generator): %d MiB%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576);
    }

    /** The replies of the measured rounds by kind and language, and of the whole run. */
    private static void reportReplies(String database, BotWorkload.Counts measured, BotWorkload.Counts all) {
        REPORT.printf(Locale.ROOT, "%n### bot replies by kind (measured rounds; whole run with warm-up in brackets)%n%n");
        REPORT.println("| reply | English | Chinese | all |");
        REPORT.println("|---|---|---|---|");
        for (Kind kind : Kind.values()) {
            REPORT.printf(Locale.ROOT, "| %s | %d | %d | %d (%d) |%n", kind.description, measured.of(0, kind),
                    measured.of(1, kind), measured.of(kind), all.of(kind));
        }
        REPORT.printf(Locale.ROOT, "| **all turns** | %d | %d | **%d** (%d) |%n",
                measured.turns()[0], measured.turns()[1], measured.total(), all.total());
        REPORT.printf(Locale.ROOT, "| mean time per turn, client side (ms) | %.2f | %.2f | |%n",
                measured.meanMs(0), measured.meanMs(1));
        StringBuilder kinds = new StringBuilder();
        for (Kind kind : Kind.values()) {
            kinds.append(kinds.isEmpty() ? "" : ", ").append(kind.name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(measured.of(kind));
        }
        REPORT.printf(Locale.ROOT, "SUMMARY %s bot replies (measured rounds): %s%n", database, kinds);
    }

    /**
     * What the bot's two models cost per message, timed one call at a time in this JVM (warm from the rounds) on
     * texts of the workload with numbers it never sent, so the sentiment cache does not answer.
     */
    private static void reportCosts(BenchServer server) {
        Optional<SentimentAnalyzer> sentiment = server.app().nlpModels().sentiment();
        Faq faq = server.app().faq();
        REPORT.printf(Locale.ROOT, "%nCost of the bot's models per message, %d new texts per language, one thread, "
                + "after the rounds (mean / p50 / p99 ms):%n%n", TIMED_TEXTS);
        List<List<Question>> languages = List.of(BotWorkload.ENGLISH, BotWorkload.CHINESE);
        for (int l = 0; l < languages.size(); l++) {
            List<Question> questions = languages.get(l);
            long[] analyze = new long[TIMED_TEXTS];
            long[] classify = new long[TIMED_TEXTS];
            for (int i = 0; i < TIMED_TEXTS; i++) {
                Question q = questions.get(i % questions.size());
                String text = q.text(100_000 + 1_000L * l + i);
                long t0 = System.nanoTime();
                sentiment.ifPresent(analyzer -> analyzer.analyze(text, Optional.<Language>empty()));
                long t1 = System.nanoTime();
                faq.classify(text, Optional.of(q.locale()));
                long t2 = System.nanoTime();
                analyze[i] = t1 - t0;
                classify[i] = t2 - t1;
            }
            REPORT.printf(Locale.ROOT, "- %s: sentiment (`SentimentAnalyzer.analyze`, as `Bot.clearlyNegative` calls it) "
                    + "%s; FAQ match (`Faq.classify`) %s%n", l == 0 ? "English" : "Chinese",
                    sentiment.isPresent() ? timing(analyze) : "not loaded", timing(classify));
        }
    }

    /**
     * After everything else: each question of the FAQ itself, word for word, from a new number, one at a time. How
     * many the bot answers, and how many it hands to a person (the sentiment check) instead.
     */
    private static void faqSelfCheck(int port, SmsWorkload sms, BotWorkload bot, JsonNode listing) {
        Map<String, long[]> byLocale = new java.util.TreeMap<>();
        Map<String, List<String>> handedOver = new java.util.TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        long n = 0;
        try (HttpConnection connection = new HttpConnection(port)) {
            for (JsonNode entry : listing.path("entries")) {
                String intent = entry.path("intent").asText();
                for (JsonNode question : entry.path("questions")) {
                    String locale = question.path("locale").asText();
                    String text = question.path("text").asText();
                    long[] counts = byLocale.computeIfAbsent(locale, k -> new long[Kind.values().length + 1]);
                    Optional<BotWorkload.Reply> reply;
                    try {
                        HttpConnection.Response response = connection.exchange(
                                sms.signed(SmsWorkload.WEBHOOK_PATH, String.format("+86135%08d", n++), text));
                        reply = response.status() == 200
                                ? BotWorkload.onlyMessage(response.text()).flatMap(t -> bot.replyTo(intent, locale, t))
                                : Optional.empty();
                    } catch (IOException e) {
                        connection.close();
                        reply = Optional.empty();
                    }
                    if (reply.isEmpty()) {
                        counts[Kind.values().length]++;
                        unexpected.add(text);
                        continue;
                    }
                    counts[reply.get().kind().ordinal()]++;
                    if (reply.get().kind() == Kind.HANDOFF) {
                        handedOver.computeIfAbsent(locale, k -> new ArrayList<>()).add(text);
                    }
                }
            }
        }
        REPORT.printf(Locale.ROOT, "%n### the FAQ's own questions, each from a new number%n%n");
        StringBuilder head = new StringBuilder("| locale | questions |");
        for (Kind kind : Kind.values()) {
            if (kind != Kind.ANSWER_AFTER_CHOICE) {
                head.append(' ').append(kind.name().toLowerCase(Locale.ROOT)).append(" |");
            }
        }
        REPORT.println(head + " unexpected |");
        REPORT.println("|---|---|---|---|---|---|---|---|");
        byLocale.forEach((locale, counts) -> {
            StringBuilder row = new StringBuilder("| " + locale + " | " + java.util.Arrays.stream(counts).sum() + " |");
            for (Kind kind : Kind.values()) {
                if (kind != Kind.ANSWER_AFTER_CHOICE) {
                    row.append(' ').append(counts[kind.ordinal()]).append(" |");
                }
            }
            REPORT.println(row + " " + counts[Kind.values().length] + " |");
        });
        handedOver.forEach((locale, texts) -> REPORT.printf(Locale.ROOT, "%nHanded over (%s, %d): %s%n", locale,
                texts.size(), String.join(" / ", texts)));
        if (!unexpected.isEmpty()) {
            REPORT.printf(Locale.ROOT, "%nUnexpected replies to: %s%n", String.join(" / ", unexpected));
        }
        REPORT.printf(Locale.ROOT, "SUMMARY faq self-check: %s%n", byLocale.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[Kind.HANDOFF.ordinal()] + " of "
                        + java.util.Arrays.stream(e.getValue()).sum() + " handed over")
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    private static String timing(long[] ns) {
        long[] sorted = ns.clone();
        java.util.Arrays.sort(sorted);
        double mean = java.util.Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6;
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", mean, Stats.quantile(sorted, 0.5) / 1e6,
                Stats.quantile(sorted, 0.99) / 1e6);
    }

    /**
     * Waits until the admin {@code /healthcheck} says the models are ready and {@code GET /api/v1/faq} lists a
     * trained model; returns that listing.
     */
    private static JsonNode awaitReady(BenchServer server, String apiKey) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode health = JSON.readTree(fetch(server.adminPort(), HttpConnection.get(server.adminPort(), "/healthcheck")).body());
                String nlp = health.path("nlp").path("message").asText();
                if (nlp.startsWith("failed")) {
                    throw new IllegalStateException("the language models did not load: " + nlp);
                }
                HttpConnection.Response faq = fetch(server.port(), HttpConnection.get(server.port(), "/api/v1/faq", apiKey));
                JsonNode listing = faq.status() == 200 ? JSON.readTree(faq.body()) : null;
                if ((nlp.equals("ready") || nlp.equals("disabled")) && listing != null && listing.path("model").isObject()
                        && listing.path("entries").size() > 0) {
                    return listing;
                }
                last = "nlp " + nlp + ", faq " + faq.status()
                        + (listing == null ? "" : listing.path("model").isObject() ? " trained" : " not trained");
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(200);
        }
        throw new IllegalStateException("the bot was not ready within 5 minutes: " + last);
    }

    private static HttpConnection.Response fetch(int port, byte[] request) throws IOException {
        try (HttpConnection connection = new HttpConnection(port)) {
            return connection.exchange(request);
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
