package io.closeloop.service.nlp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.nlp.Language;
import io.closeloop.nlp.LanguageDetector;
import io.closeloop.nlp.intent.IntentExample;
import io.closeloop.nlp.intent.IntentModel;
import io.closeloop.nlp.intent.IntentPrediction;
import io.closeloop.nlp.intent.IntentScore;
import io.closeloop.nlp.intent.TrainingReport;
import io.closeloop.nlp.text.DelimitedText;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.ErrorBody;
import io.closeloop.service.i18n.SupportedLocales;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FAQ and its intent matcher. An import is checked whole, trained, stored and only then served: a bad
 * file changes nothing, and questions are answered by the old model (with its answers) until the new one is
 * ready. Instances that share a database pick up another's import within 30 seconds. Every write locks the
 * FAQ first ({@link FaqDao#lockForWriting()}), so the demo FAQ only ever goes into an FAQ that is empty at the
 * moment it is written.
 */
public final class Faq {
    static final int MAX_QUESTION = 500;
    static final int MAX_ANSWER = 2000;
    private static final int MAX_PROBLEMS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Faq.class);

    /** The FAQ grouped by intent, as imported and listed through the API. */
    public record Entry(@JsonProperty("intent") String intent, @JsonProperty("answers") Map<String, String> answers,
                        @JsonProperty("questions") List<Question> questions) {
    }

    public record Question(@JsonProperty("locale") String locale, @JsonProperty("text") String text) {
    }

    /** An FAQ file or request in JSON: {@code {entries: [...]}}. */
    public record Import(@JsonProperty("entries") List<Entry> entries) {
    }

    /** What the bot makes of a customer's question. */
    public record Answer(String intent, double confidence, boolean outOfScope, boolean ambiguous, String answer,
                         List<IntentScore> alternatives) {
    }

    /** A checked FAQ and the model trained on it, not stored yet. */
    public record Trained(List<FaqRow> rows, IntentModel model) {
        public TrainingReport report() {
            return model.report();
        }
    }

    private final Jdbi jdbi;
    /** The model and the answers it was trained with, swapped together in one write. */
    private record Served(IntentModel model, Map<String, Map<String, String>> answers,
                          Map<String, Map<String, String>> examples) {
    }

    private volatile Served served;
    private volatile FaqDao.Version trainedOn = new FaqDao.Version(0, 0);

    public Faq(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The built-in demo FAQ (delivery, returns, refunds, opening hours... in English and Chinese) as CSV. */
    public static String demoCsv() {
        try (var in = Faq.class.getResourceAsStream("/demo/faq.csv")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@link #loadStored} for the start-up: a failure is logged, and the service goes on without an FAQ. */
    public void loadAtStartUp(Optional<String> demoCsv) {
        try {
            loadStored(demoCsv);
        } catch (DomainException e) {
            LOG.error("The stored FAQ could not be trained ({}); the bot answers without an FAQ until one is imported",
                    e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The FAQ could not be loaded; the bot answers without an FAQ until one is imported",
                    io.closeloop.channels.PersonalData.scrub(e));
        }
    }

    /**
     * Trains on the stored FAQ, if there is one. With {@code demoCsv}, an FAQ that is empty gets the demo
     * content, trained first and written only if the FAQ is still empty when it is written: an import that
     * came in meanwhile (through this instance or another) is kept and served instead.
     */
    public void loadStored(Optional<String> demoCsv) {
        if (demoCsv.isPresent() && jdbi.withExtension(FaqDao.class, FaqDao::version).entries() == 0) {
            if (storeIfEmpty(trainCsv(demoCsv.get()), "the demo FAQ, loaded into an empty FAQ")) {
                return;
            }
            LOG.info("The demo FAQ was not loaded: an FAQ was imported meanwhile");
        }
        if (!refreshIfChanged() && !trained()) {
            LOG.info("No FAQ is stored: the bot cannot answer questions until one is imported "
                    + "(POST /api/v1/faq/import, or the faq import command)");
        }
    }

    /**
     * Retrains when another instance has imported a new FAQ since this one last trained; the old model answers
     * meanwhile. Returns whether it retrained.
     */
    public synchronized boolean refreshIfChanged() {
        FaqDao.Version stored = jdbi.withExtension(FaqDao.class, FaqDao::version);
        if (stored.equals(trainedOn) || stored.entries() == 0) {
            return false;
        }
        boolean first = trainedOn.entries() == 0 && served == null;
        List<FaqRow> rows = jdbi.withExtension(FaqDao.class, FaqDao::all);
        Trained trained = new Trained(rows, trainModel(rows));
        serve(trained, first ? "the FAQ stored in the database"
                : "changed in the database by another instance or the faq import command");
        trainedOn = stored;
        return true;
    }

    public synchronized TrainingReport importCsv(String csv) {
        return store(trainCsv(csv), "imported");
    }

    public synchronized TrainingReport importEntries(List<Entry> entries) {
        return store(trainEntries(entries), "imported");
    }

    /** Checks and trains a CSV FAQ without storing it; {@code 422 invalid_faq} lists every problem. */
    public static Trained trainCsv(String csv) {
        List<FaqRow> rows = parseCsv(csv);
        return new Trained(rows, trainModel(rows));
    }

    /** Checks and trains an FAQ given as entries without storing it. */
    public static Trained trainEntries(List<Entry> entries) {
        List<FaqRow> rows = fromEntries(entries);
        return new Trained(rows, trainModel(rows));
    }

    /** Replaces the stored FAQ with a trained one and serves it. */
    public synchronized TrainingReport store(Trained faq, String source) {
        trainedOn = jdbi.inTransaction(handle -> {
            FaqDao dao = handle.attach(FaqDao.class);
            dao.lockForWriting();
            dao.deleteAll();
            dao.insert(faq.rows());
            return dao.version();
        });
        serve(faq, source);
        return faq.report();
    }

    /** Writes and serves {@code faq} only if the FAQ is empty when it is written. Returns whether it did. */
    synchronized boolean storeIfEmpty(Trained faq, String source) {
        Optional<FaqDao.Version> written = jdbi.inTransaction(handle -> {
            FaqDao dao = handle.attach(FaqDao.class);
            dao.lockForWriting();
            if (dao.firstEntry().isPresent()) {
                return Optional.<FaqDao.Version>empty();
            }
            dao.insert(faq.rows());
            return Optional.of(dao.version());
        });
        if (written.isEmpty()) {
            return false;
        }
        trainedOn = written.get();
        serve(faq, source);
        return true;
    }

    public List<Entry> entries() {
        return group(jdbi.withExtension(FaqDao.class, FaqDao::all));
    }

    public Optional<TrainingReport> model() {
        return Optional.ofNullable(served).map(current -> current.model().report());
    }

    public Answer classify(String text, Optional<String> locale) {
        Served current = served;
        if (current == null) {
            throw new DomainException(409, "faq_not_trained",
                    "There is no FAQ to answer from yet; import one with POST /api/v1/faq/import");
        }
        IntentPrediction prediction = current.model().classify(text, 4);
        String chosen = prediction.intent().orElse(null);
        List<IntentScore> alternatives = prediction.ranked().stream()
                .filter(s -> !s.intent().equals(chosen)).limit(3).toList();
        String answer = chosen == null ? null
                : answerFor(current.answers(), chosen, locale.orElseGet(() -> localeOf(text)));
        return new Answer(chosen, prediction.confidence(), prediction.outOfScope(), prediction.ambiguous(), answer,
                alternatives);
    }

    private static String answerFor(Map<String, Map<String, String>> answers, String intent, String locale) {
        Map<String, String> byLocale = answers.getOrDefault(intent, Map.of());
        String exact = byLocale.get(locale);
        if (exact != null) {
            return exact;
        }
        String language = locale.split("-")[0];
        return byLocale.entrySet().stream().filter(e -> e.getKey().split("-")[0].equals(language))
                .map(Map.Entry::getValue).findFirst()
                .orElse(byLocale.values().stream().findFirst().orElse(null));
    }

    private static String localeOf(String text) {
        return LanguageDetector.detect(text) == Language.ZH ? SupportedLocales.CHINESE : SupportedLocales.ENGLISH;
    }

    private static IntentModel trainModel(List<FaqRow> rows) {
        List<IntentExample> examples = rows.stream()
                .map(r -> new IntentExample(r.intent(), r.locale(), r.question())).toList();
        try {
            return IntentModel.train(examples, IntentModel.Options.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new DomainException(422, "invalid_faq", "The FAQ cannot be trained: " + e.getMessage());
        }
    }

    private void serve(Trained faq, String source) {
        Map<String, Map<String, String>> answers = new LinkedHashMap<>();
        Map<String, Map<String, String>> examples = new LinkedHashMap<>();
        for (FaqRow row : faq.rows()) {
            answers.computeIfAbsent(row.intent(), k -> new LinkedHashMap<>()).putIfAbsent(row.locale(), row.answer());
            examples.computeIfAbsent(row.intent(), k -> new LinkedHashMap<>()).putIfAbsent(row.locale(), row.question());
        }
        served = new Served(faq.model(), answers, examples);
        TrainingReport report = faq.report();
        LOG.info("FAQ ready: {} intents, {} questions, trained in {} ({})", report.intents(), report.examples(),
                String.format(Locale.ROOT, "%.1f s", report.trainingTime().toMillis() / 1000.0), source);
    }

    /** The answer to an intent in a locale (or the nearest one the FAQ has). */
    public Optional<String> answerOf(String intent, String locale) {
        Served current = served;
        return current == null ? Optional.empty() : Optional.ofNullable(answerFor(current.answers(), intent, locale));
    }

    /** The intent's first example question in a locale (or the nearest one), to name it to a customer. */
    public Optional<String> exampleOf(String intent, String locale) {
        Served current = served;
        return current == null ? Optional.empty() : Optional.ofNullable(answerFor(current.examples(), intent, locale));
    }

    public boolean trained() {
        return served != null;
    }

    static List<FaqRow> parseCsv(String csv) {
        List<DelimitedText.Row> rows;
        try {
            rows = DelimitedText.read(new StringReader(csv), ',');
        } catch (DelimitedText.MalformedException e) {
            throw invalid(List.of(new ErrorBody.FieldProblem("line " + e.line(), e.getMessage().replaceFirst("^line \\d+: ", ""))));
        }
        if (rows.isEmpty()) {
            throw invalid(List.of(new ErrorBody.FieldProblem("file", "is empty")));
        }
        List<String> header = rows.get(0).fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (!header.equals(List.of("intent", "locale", "question", "answer"))) {
            throw invalid(List.of(new ErrorBody.FieldProblem("line 1",
                    "the header must be intent,locale,question,answer")));
        }
        List<ErrorBody.FieldProblem> problems = new ArrayList<>();
        List<FaqRow> parsed = new ArrayList<>();
        for (DelimitedText.Row row : rows.subList(1, rows.size())) {
            String where = "line " + row.line();
            if (row.fields().size() != 4) {
                problems.add(new ErrorBody.FieldProblem(where, "has " + row.fields().size() + " fields; expected 4"));
                continue;
            }
            check(row.fields().get(0), row.fields().get(1), row.fields().get(2), row.fields().get(3), where, problems)
                    .ifPresent(parsed::add);
        }
        return validated(parsed, problems, rowLines(rows));
    }

    static List<FaqRow> fromEntries(List<Entry> entries) {
        List<ErrorBody.FieldProblem> problems = new ArrayList<>();
        List<FaqRow> parsed = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (entries == null || entries.isEmpty()) {
            throw invalid(List.of(new ErrorBody.FieldProblem("entries", "must list at least two intents")));
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String at = "entries[" + i + "]";
            if (entry == null || entry.questions() == null || entry.questions().isEmpty() || entry.answers() == null) {
                problems.add(new ErrorBody.FieldProblem(at, "needs an intent, answers and questions"));
                continue;
            }
            for (int q = 0; q < entry.questions().size(); q++) {
                Question question = entry.questions().get(q);
                String qAt = at + ".questions[" + q + "]";
                String locale = question == null ? null : question.locale();
                String answer = locale == null ? null : entry.answers().get(locale);
                if (question != null && locale != null && answer == null) {
                    problems.add(new ErrorBody.FieldProblem(qAt, "no answer for locale " + locale + " in answers"));
                    continue;
                }
                check(entry.intent(), locale, question == null ? null : question.text(), answer, qAt, problems)
                        .ifPresent(row -> {
                            parsed.add(row);
                            where.add(qAt);
                        });
            }
        }
        return validated(parsed, problems, where);
    }

    private static List<String> rowLines(List<DelimitedText.Row> rows) {
        return rows.subList(1, rows.size()).stream().filter(r -> r.fields().size() == 4)
                .map(r -> "line " + r.line()).toList();
    }

    private static Optional<FaqRow> check(String intent, String locale, String question, String answer, String where,
                                          List<ErrorBody.FieldProblem> problems) {
        int before = problems.size();
        String id = intent == null ? "" : intent.strip();
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            problems.add(new ErrorBody.FieldProblem(where, "intent must be 1-64 letters, digits, _ . or -"));
        }
        Optional<String> normalized = SupportedLocales.normalize(locale);
        if (normalized.isEmpty()) {
            problems.add(new ErrorBody.FieldProblem(where, "locale '" + locale + "' is not a language tag such as en or zh-CN"));
        }
        if (question == null || question.isBlank() || question.length() > MAX_QUESTION) {
            problems.add(new ErrorBody.FieldProblem(where, "question must be 1-" + MAX_QUESTION + " characters"));
        }
        if (answer == null || answer.isBlank() || answer.length() > MAX_ANSWER) {
            problems.add(new ErrorBody.FieldProblem(where, "answer must be 1-" + MAX_ANSWER + " characters"));
        }
        return problems.size() > before ? Optional.empty()
                : Optional.of(new FaqRow(id, normalized.get(), question.strip(), answer.strip()));
    }

    /** One answer per intent and locale, at least two intents; every problem listed, up to a limit. */
    private static List<FaqRow> validated(List<FaqRow> rows, List<ErrorBody.FieldProblem> problems, List<String> where) {
        Map<String, String> answerOf = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            FaqRow row = rows.get(i);
            String key = row.intent() + " / " + row.locale();
            String first = answerOf.putIfAbsent(key, row.answer());
            if (first != null && !first.equals(row.answer())) {
                problems.add(new ErrorBody.FieldProblem(where.get(i),
                        "a different answer for " + key + " than its first row; give every row of an intent and locale the same answer"));
            }
        }
        if (problems.isEmpty() && rows.stream().map(FaqRow::intent).distinct().count() < 2) {
            problems.add(new ErrorBody.FieldProblem("file", "needs at least two intents"));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
        }
        return rows;
    }

    private static DomainException invalid(List<ErrorBody.FieldProblem> problems) {
        ErrorBody.FieldProblem first = problems.get(0);
        return new DomainException(422, "invalid_faq", "The FAQ was not imported; nothing changed. "
                + first.field() + ": " + first.message()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
    }

    private static List<Entry> group(List<FaqRow> rows) {
        Map<String, Entry> byIntent = new LinkedHashMap<>();
        for (FaqRow row : rows) {
            Entry entry = byIntent.computeIfAbsent(row.intent(),
                    k -> new Entry(k, new LinkedHashMap<>(), new ArrayList<>()));
            entry.answers().putIfAbsent(row.locale(), row.answer());
            entry.questions().add(new Question(row.locale(), row.question()));
        }
        return List.copyOf(byIntent.values());
    }
}
