package io.closeloop.nlp;

import io.closeloop.nlp.sentiment.AspectTaxonomy;
import io.closeloop.nlp.sentiment.ChineseSentimentModel;
import io.closeloop.nlp.sentiment.EnglishSentiment;
import io.closeloop.nlp.sentiment.FeedbackSentiment;
import io.closeloop.nlp.sentiment.SentimentAnalyzer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Loads the sentiment models once, off the caller's thread, so a service can serve (webhooks, surveys)
 * while they load; {@link #state()} says how far it got.
 */
public final class NlpModels {

    public enum State { DISABLED, LOADING, READY, FAILED }

    /** Where the models come from. An empty Chinese model path means the default, trained on the project's corpus. */
    public record Settings(Optional<Path> chineseModel, List<AspectTaxonomy.Term> extraAspectTerms, int cacheSize) {
        public Settings {
            extraAspectTerms = List.copyOf(extraAspectTerms);
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cacheSize must not be negative");
            }
        }
    }

    private final CompletableFuture<SentimentAnalyzer> sentiment;
    private final boolean disabled;
    private volatile Duration loadTime;

    private NlpModels(CompletableFuture<SentimentAnalyzer> sentiment, boolean disabled) {
        this.sentiment = sentiment;
        this.disabled = disabled;
    }

    /** No models: a configuration that turns NLP off. */
    public static NlpModels disabled() {
        return new NlpModels(new CompletableFuture<>(), true);
    }

    /** Models already loaded, for tools and tests that share one analyzer. */
    public static NlpModels of(SentimentAnalyzer analyzer) {
        return new NlpModels(CompletableFuture.completedFuture(analyzer), false);
    }

    /** Loads on {@code executor}; {@link #loadTime()} counts from when it starts there, not from this call. */
    public static NlpModels loadInBackground(Settings settings, Executor executor) {
        NlpModels models = new NlpModels(new CompletableFuture<>(), false);
        executor.execute(() -> {
            long started = System.nanoTime();
            try {
                SentimentAnalyzer analyzer = load(settings);
                models.loadTime = Duration.ofNanos(System.nanoTime() - started);
                models.sentiment.complete(analyzer);
            } catch (Throwable e) {
                models.loadTime = Duration.ofNanos(System.nanoTime() - started);
                models.sentiment.completeExceptionally(e);
            }
        });
        return models;
    }

    /** Loads synchronously: for tools and tests that need the analyzer before anything else. */
    public static SentimentAnalyzer load(Settings settings) {
        // Fails at once rather than after the English models have loaded for seconds.
        settings.chineseModel().filter(path -> !java.nio.file.Files.isReadable(path)).ifPresent(path -> {
            throw new IllegalArgumentException("the Chinese sentiment model " + path + " does not exist or cannot be read");
        });
        CompletableFuture<ChineseSentimentModel> chinese = CompletableFuture.supplyAsync(() -> {
            try {
                return settings.chineseModel().isPresent()
                        ? ChineseSentimentModel.read(settings.chineseModel().get())
                        : ChineseSentimentModel.trainDefault();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        EnglishSentiment english = new EnglishSentiment();
        AspectTaxonomy taxonomy = AspectTaxonomy.standard().with(settings.extraAspectTerms());
        return new FeedbackSentiment(english, chinese.join(), taxonomy, settings.cacheSize());
    }

    public State state() {
        if (disabled) {
            return State.DISABLED;
        }
        if (!sentiment.isDone()) {
            return State.LOADING;
        }
        return sentiment.isCompletedExceptionally() ? State.FAILED : State.READY;
    }

    /** The analyzer once loaded; empty while loading or after a failure. */
    public Optional<SentimentAnalyzer> sentiment() {
        return state() == State.READY ? Optional.of(sentiment.join()) : Optional.empty();
    }

    /** Why loading failed, if it did. */
    public Optional<String> failure() {
        if (state() != State.FAILED) {
            return Optional.empty();
        }
        try {
            sentiment.join();
            return Optional.empty();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /** Runs {@code action} once loading has ended, ready or failed (at once if it has already ended). */
    public void whenLoaded(Runnable action) {
        if (!disabled) {
            sentiment.whenComplete((analyzer, failure) -> action.run());
        }
    }

    /** How long loading took (or ran before it failed); empty while loading. */
    public Optional<Duration> loadTime() {
        return Optional.ofNullable(loadTime);
    }

    /** Waits for loading to end; true if the models are ready. */
    public boolean awaitReady(Duration timeout) {
        try {
            sentiment.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
