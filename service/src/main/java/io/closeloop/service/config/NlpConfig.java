package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sentiment, aspects and the FAQ matcher.
 *
 * @param enabled               load the models (in the background, at start-up)
 * @param chineseSentimentModel a model file written by the {@code train-sentiment} command; empty for the default
 * @param aspects               aspects or terms added to the default taxonomy
 * @param cacheSize             recent texts whose results are kept
 * @param maxTextLength         longest text the API analyses, in characters
 * @param maxBatchSize          most texts in one batch request
 * @param workers               analysis threads for survey answers; 0 means one per core
 * @param pollInterval          how often the analysis jobs are looked at
 * @param maxAttempts           analysis attempts before a job is marked failed
 * @param demoFaq               load the demo FAQ when the FAQ is empty (development)
 */
public record NlpConfig(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("chineseSentimentModel") String chineseSentimentModel,
        @JsonProperty("aspects") List<Aspect> aspects,
        @JsonProperty("cacheSize") Integer cacheSize,
        @JsonProperty("maxTextLength") Integer maxTextLength,
        @JsonProperty("maxBatchSize") Integer maxBatchSize,
        @JsonProperty("workers") Integer workers,
        @JsonProperty("pollInterval") Duration pollInterval,
        @JsonProperty("maxAttempts") Integer maxAttempts,
        @JsonProperty("demoFaq") Boolean demoFaq) {

    /** An aspect's terms in one language: English lemmas ("arrive", "take forever") or Chinese words. */
    public record Aspect(@JsonProperty("aspect") String aspect, @JsonProperty("language") String language,
                         @JsonProperty("terms") List<String> terms) {
        public Aspect {
            terms = terms == null ? List.of() : List.copyOf(terms);
        }
    }

    public NlpConfig {
        enabled = Objects.requireNonNullElse(enabled, true);
        chineseSentimentModel = chineseSentimentModel == null || chineseSentimentModel.isBlank() ? null : chineseSentimentModel;
        aspects = aspects == null ? List.of() : List.copyOf(aspects);
        cacheSize = Objects.requireNonNullElse(cacheSize, 10_000);
        maxTextLength = Objects.requireNonNullElse(maxTextLength, 5_000);
        maxBatchSize = Objects.requireNonNullElse(maxBatchSize, 100);
        workers = Objects.requireNonNullElse(workers, 0);
        pollInterval = Objects.requireNonNullElse(pollInterval, Duration.seconds(1));
        maxAttempts = Objects.requireNonNullElse(maxAttempts, 5);
        demoFaq = Objects.requireNonNullElse(demoFaq, false);
        if (cacheSize < 0 || maxTextLength < 1 || maxBatchSize < 1 || workers < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("nlp: cacheSize >= 0, maxTextLength, maxBatchSize, maxAttempts >= 1, workers >= 0");
        }
    }

    public static NlpConfig defaults() {
        return new NlpConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public int workerThreads() {
        return workers == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : workers;
    }
}
