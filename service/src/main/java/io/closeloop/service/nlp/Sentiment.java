package io.closeloop.service.nlp;

import io.closeloop.nlp.Language;
import io.closeloop.nlp.NlpModels;
import io.closeloop.nlp.sentiment.SentimentAnalyzer;
import io.closeloop.nlp.sentiment.SentimentResult;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** The sentiment use cases behind the API: validation, the loading state, batches across the cores. */
public final class Sentiment {
    private final NlpModels models;
    private final ExecutorService pool;
    private final int maxTextLength;
    private final int maxBatchSize;

    public Sentiment(NlpModels models, ExecutorService pool, int maxTextLength, int maxBatchSize) {
        this.models = models;
        this.pool = pool;
        this.maxTextLength = maxTextLength;
        this.maxBatchSize = maxBatchSize;
    }

    public SentimentResult analyze(String text, String language) {
        FieldProblems problems = new FieldProblems();
        checkText("text", text, problems);
        Optional<Language> lang = language(language, problems);
        problems.throwIfAny();
        return analyzer().analyze(text, lang);
    }

    public List<SentimentResult> analyzeAll(List<String> texts, String language) {
        FieldProblems problems = new FieldProblems();
        if (texts == null || texts.isEmpty()) {
            problems.add("texts", "must hold 1-" + maxBatchSize + " texts");
        } else if (texts.size() > maxBatchSize) {
            problems.add("texts", "holds " + texts.size() + " texts; at most " + maxBatchSize + " per request");
        } else {
            for (int i = 0; i < texts.size(); i++) {
                checkText("texts[" + i + "]", texts.get(i), problems);
            }
        }
        Optional<Language> lang = language(language, problems);
        problems.throwIfAny();
        SentimentAnalyzer analyzer = analyzer();
        List<Future<SentimentResult>> futures = new ArrayList<>(texts.size());
        for (String text : texts) {
            futures.add(pool.submit(() -> analyzer.analyze(text, lang)));
        }
        List<SentimentResult> results = new ArrayList<>(texts.size());
        try {
            for (Future<SentimentResult> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return results;
    }

    private SentimentAnalyzer analyzer() {
        return switch (models.state()) {
            case READY -> models.sentiment().orElseThrow();
            case LOADING -> throw new DomainException(503, "nlp_loading",
                    "The language models are still loading; try again in a few seconds");
            case DISABLED -> throw new DomainException(503, "nlp_disabled",
                    "Language analysis is turned off in this service's configuration (nlp.enabled)");
            case FAILED -> throw new DomainException(503, "nlp_unavailable",
                    "The language models failed to load; see the service's health check");
        };
    }

    private void checkText(String field, String text, FieldProblems problems) {
        if (text == null || text.isBlank()) {
            problems.add(field, "must not be empty");
        } else if (text.length() > maxTextLength) {
            problems.add(field, "has " + text.length() + " characters; at most " + maxTextLength);
        }
    }

    private static Optional<Language> language(String tag, FieldProblems problems) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        Optional<Language> language = Language.fromTag(tag).filter(l -> l != Language.OTHER);
        if (language.isEmpty()) {
            problems.add("language", "'" + tag + "' is not supported; use en or zh, or leave it out to detect it");
        }
        return language;
    }
}
