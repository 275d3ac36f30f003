package io.closeloop.nlp.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntentModelTest {

    private static IntentModel model;

    @BeforeAll
    static void trainOnTheFaq() {
        model = IntentModel.train(Faq.examples(), IntentModel.Options.DEFAULT);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "where's my stuff, it still hasn't shown up | track_order",
            "has my parcel been shipped yet | track_order",
            "I'd like a refund for the broken mug | refund_request",
            "can I get my money back for these shoes | refund_request",
            "please ship it to my new address instead | change_address",
            "cancel the order I made this morning | cancel_order",
            "do you accept google pay | payment_methods",
            "what time do you open on saturday | opening_hours",
            "我的快递怎么还没到 | track_order",
            "物流信息查不到 | track_order",
            "买的东西有问题，我要退钱 | refund_request",
            "收货地址写错了，要改 | change_address",
            "刚才的订单不想要了，帮我取消 | cancel_order",
            "可以刷信用卡吗 | payment_methods",
            "周六几点开门 | opening_hours"
    })
    void anUnseenParaphraseFindsItsIntent(String question, String intent) {
        IntentPrediction prediction = model.classify(question, 3);

        assertThat(prediction.intent()).as("%s", prediction).contains(intent);
        assertThat(prediction.outOfScope()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"what's the capital of Peru", "今天天气怎么样", "who won the football match last night",
            "", "???", "12345", "👍"})
    void anUnrelatedQuestionIsOutOfScope(String question) {
        IntentPrediction prediction = model.classify(question, 3);

        assertThat(prediction.outOfScope()).as("%s", prediction).isTrue();
        assertThat(prediction.intent()).isEmpty();
        assertThat(prediction.ranked()).isNotEmpty();
    }

    @Test
    void twoNearlyIdenticalIntentsMakeAQuestionAboutThemAmbiguous() {
        // An editor has entered the opening hours twice, differing only in case and punctuation.
        List<IntentExample> examples = new ArrayList<>(Faq.examples());
        for (String text : Faq.ENGLISH.get("opening_hours")) {
            examples.add(new IntentExample("store_hours", "en", text.toLowerCase(java.util.Locale.ROOT).replace("?", "")));
        }
        for (String text : Faq.CHINESE.get("opening_hours")) {
            examples.add(new IntentExample("store_hours", "zh-CN", text + "？"));
        }
        IntentModel twins = IntentModel.train(examples, IntentModel.Options.DEFAULT);

        IntentPrediction prediction = twins.classify("when are you open", 3);

        assertThat(prediction.ambiguous()).as("%s", prediction).isTrue();
        assertThat(prediction.ranked().subList(0, 2)).extracting(IntentScore::intent)
                .containsExactlyInAnyOrder("opening_hours", "store_hours");
        assertThat(twins.classify("cancel my order please", 3).ambiguous()).isFalse();
    }

    @Test
    void aClearQuestionIsNeitherAmbiguousNorOutOfScope() {
        IntentPrediction prediction = model.classify("how do I cancel my order", 3);

        assertThat(prediction.intent()).contains("cancel_order");
        assertThat(prediction.ambiguous()).isFalse();
        assertThat(prediction.confidence()).isEqualTo(prediction.ranked().get(0).confidence());
        assertThat(prediction.confidence()).isGreaterThanOrEqualTo(model.report().outOfScopeThreshold());
    }

    @ParameterizedTest
    @ValueSource(strings = {"where is my order", "退款多久到账", "what's the capital of Peru", "", "???", "12345"})
    void rankedIsSortedAndItsConfidencesSumToOne(String question) {
        IntentPrediction top3 = model.classify(question, 3);
        IntentPrediction all = model.classify(question, 100);

        assertThat(top3.ranked()).hasSize(3);
        assertThat(all.ranked()).hasSize(6);
        assertThat(all.ranked()).extracting(IntentScore::confidence)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all.ranked().subList(0, 3)).isEqualTo(top3.ranked());
        // Each confidence is rounded to four decimals, so six of them may sum to 1 ± 6 × 0.00005.
        double sum = all.ranked().stream().mapToDouble(IntentScore::confidence).sum();
        assertThat(sum).isBetween(1 - 6 * 0.00005, 1 + 6 * 0.00005 + 1e-9);
        assertThat(all.ranked()).allSatisfy(score -> assertThat(score.confidence()).isBetween(0.0, 1.0));
    }

    @Test
    void askingForNoneStillRanksTheBestIntent() {
        assertThat(model.classify("where is my order", 0).ranked()).extracting(IntentScore::intent)
                .containsExactly("track_order");
        assertThat(model.classify("where is my order", -5).ranked()).hasSize(1);
    }

    @Test
    void theReportDescribesTheTraining() {
        TrainingReport report = model.report();

        assertThat(report.examples()).isEqualTo(96);
        assertThat(report.intents()).isEqualTo(6);
        assertThat(report.features()).isPositive();
        assertThat(report.temperature()).isBetween(0.1, 3.0);
        assertThat(report.outOfScopeThreshold()).isBetween(0.0, 1.0);
        assertThat(report.crossValidatedAccuracy()).isNotNaN().isBetween(0.0, 1.0);
        assertThat(report.crossValidatedOutOfScopeRecall()).isNotNaN().isBetween(0.0, 1.0);
        assertThat(report.trainingTime()).isPositive();
        assertThat(model.intents()).containsExactlyInAnyOrder(
                "track_order", "refund_request", "change_address", "cancel_order", "payment_methods", "opening_hours");
    }

    @Test
    void theSameExamplesAndSeedGiveTheSameModel() {
        IntentModel again = IntentModel.train(Faq.examples(), IntentModel.Options.DEFAULT);

        assertThat(again.report().outOfScopeThreshold()).isEqualTo(model.report().outOfScopeThreshold());
        assertThat(again.report().temperature()).isEqualTo(model.report().temperature());
        assertThat(again.classify("我要退款", 6)).isEqualTo(model.classify("我要退款", 6));
    }

    @Test
    void twoIntentsTrainWithoutCalibration() {
        List<IntentExample> examples = Faq.examples().stream()
                .filter(e -> e.intent().equals("track_order") || e.intent().equals("refund_request")).toList();

        IntentModel two = IntentModel.train(examples, IntentModel.Options.DEFAULT);

        assertThat(two.report().outOfScopeThreshold()).isEqualTo(IntentModel.Options.DEFAULT.fallbackThreshold());
        assertThat(two.report().crossValidatedAccuracy()).isNaN();
        assertThat(two.classify("where is my parcel", 2).intent()).contains("track_order");
        assertThat(two.classify("I want a refund", 2).intent()).contains("refund_request");
    }

    @Test
    void fewerThanTwoIntentsCannotBeTrained() {
        List<IntentExample> one = Faq.examples().stream().filter(e -> e.intent().equals("track_order")).toList();

        assertThatThrownBy(() -> IntentModel.train(one, IntentModel.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntentModel.train(List.of(), IntentModel.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsAndExamplesAreValidated() {
        assertThatThrownBy(() -> new IntentModel.Options(0, 2, 0.4, 0.15, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntentModel.Options(10, 1, 0.4, 0.15, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntentModel.Options(10, -1, 0.4, 0.15, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntentModel.Options(10, 2, 0.4, -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IntentModel.Options(10, 0, 0.4, 0, 1).folds()).isZero();
        assertThatThrownBy(() -> new IntentExample(" ", "en", "where is my order")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntentExample("track_order", "en", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutCalibrationTheGivenThresholdDecidesOutOfScope() {
        IntentModel strict = IntentModel.train(Faq.examples(), new IntentModel.Options(10.0, 0, 0.99, 0.15, 1));
        IntentModel lenient = IntentModel.train(Faq.examples(), new IntentModel.Options(10.0, 0, 0.0, 0.15, 1));

        assertThat(strict.report().outOfScopeThreshold()).isEqualTo(0.99);
        assertThat(strict.classify("where is my order", 3).outOfScope()).isTrue();
        assertThat(lenient.classify("what's the capital of Peru", 3).outOfScope()).isFalse();
    }
}
