package io.closeloop.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.nlp.sentiment.AspectMention;
import io.closeloop.nlp.sentiment.AspectTaxonomy;
import io.closeloop.nlp.sentiment.ChineseSentimentModel;
import io.closeloop.nlp.sentiment.LabelledText;
import io.closeloop.nlp.sentiment.SentimentAnalyzer;
import io.closeloop.nlp.sentiment.SentimentLabel;
import io.closeloop.nlp.sentiment.SentimentResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model loading as the service sees it. The two loading tests build the English pipeline; CoreNLP keeps its
 * annotators in a process-wide pool, so in a run with {@code EnglishSentimentTest} the models load once.
 */
class NlpModelsTest {

    private static final SentimentAnalyzer CONSTANT = (text, language) ->
            new SentimentResult(Language.EN, SentimentLabel.POSITIVE, 0.5, List.of(), List.of());

    @Test
    void disabledModelsNeverBecomeReady() {
        NlpModels models = NlpModels.disabled();

        assertThat(models.state()).isEqualTo(NlpModels.State.DISABLED);
        assertThat(models.sentiment()).isEmpty();
        assertThat(models.failure()).isEmpty();
        assertThat(models.loadTime()).isEmpty();
        assertThat(models.awaitReady(Duration.ofMillis(20))).isFalse();
    }

    @Test
    void modelsGivenAlreadyLoadedAreReady() {
        NlpModels models = NlpModels.of(CONSTANT);

        assertThat(models.state()).isEqualTo(NlpModels.State.READY);
        assertThat(models.sentiment()).containsSame(CONSTANT);
        assertThat(models.awaitReady(Duration.ZERO)).isTrue();
        assertThat(models.failure()).isEmpty();
    }

    @Test
    void modelsAreLoadingUntilTheExecutorHasRunTheLoad() {
        List<Runnable> queued = new ArrayList<>();
        Executor later = queued::add;

        NlpModels models = NlpModels.loadInBackground(
                new NlpModels.Settings(Optional.empty(), List.of(), 10), later);

        assertThat(models.state()).isEqualTo(NlpModels.State.LOADING);
        assertThat(models.sentiment()).isEmpty();
        assertThat(models.failure()).isEmpty();
        assertThat(models.awaitReady(Duration.ofMillis(20))).isFalse();
        assertThat(queued).hasSize(1);
    }

    @Test
    void settingsRejectANegativeCacheSizeAndCopyTheirTerms() {
        assertThatThrownBy(() -> new NlpModels.Settings(Optional.empty(), List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class);
        List<AspectTaxonomy.Term> terms = new ArrayList<>();
        NlpModels.Settings settings = new NlpModels.Settings(Optional.empty(), terms, 0);
        terms.add(new AspectTaxonomy.Term("food_taste", Language.EN, "taste"));
        assertThat(settings.extraAspectTerms()).isEmpty();
    }

    @Test
    void aMissingChineseModelFileFailsTheLoadAndSaysWhy(@TempDir Path dir) {
        Path missing = dir.resolve("missing-zh.model");

        NlpModels models = NlpModels.loadInBackground(
                new NlpModels.Settings(Optional.of(missing), List.of(), 10), Runnable::run);

        assertThat(models.state()).isEqualTo(NlpModels.State.FAILED);
        assertThat(models.sentiment()).isEmpty();
        assertThat(models.awaitReady(Duration.ofMillis(20))).isFalse();
        assertThat(models.failure()).hasValueSatisfying(why -> assertThat(why).contains(missing.toString()));
    }

    @Test
    void aChineseModelFileAndExtraAspectTermsAreWhatTheLoadedAnalyzerUses(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("zh.model");
        ChineseSentimentModel.train(List.of(
                new LabelledText(LabelledText.Polarity.POSITIVE, "好吃"),
                new LabelledText(LabelledText.Polarity.POSITIVE, "味道很好"),
                new LabelledText(LabelledText.Polarity.NEGATIVE, "难吃"),
                new LabelledText(LabelledText.Polarity.NEGATIVE, "味道很差"))).write(file);
        List<AspectTaxonomy.Term> extra = List.of(
                new AspectTaxonomy.Term("food_taste", Language.EN, "taste"),
                new AspectTaxonomy.Term("food_taste", Language.ZH, "味道"));

        NlpModels models = NlpModels.loadInBackground(new NlpModels.Settings(Optional.of(file), extra, 10), Runnable::run);

        assertThat(models.state()).isEqualTo(NlpModels.State.READY);
        assertThat(models.failure()).isEmpty();
        assertThat(models.loadTime()).hasValueSatisfying(time -> assertThat(time).isPositive());
        SentimentAnalyzer analyzer = models.sentiment().orElseThrow();
        SentimentResult chinese = analyzer.analyze("味道很差", Optional.of(Language.ZH));
        assertThat(chinese.score()).isNegative();
        assertThat(chinese.aspects()).extracting(AspectMention::aspect).containsExactly("food_taste");
        assertThat(analyzer.analyze("The taste was great.", Optional.of(Language.EN)).aspects())
                .extracting(AspectMention::aspect).containsExactly("food_taste");
    }
}
