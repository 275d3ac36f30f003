package io.closeloop.nlp.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.nlp.Language;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Chinese side of {@link FeedbackSentiment}, on the default model trained once for the class. The English
 * scorer is a stub that fails the test if Chinese text ever reaches it.
 */
class ChineseSentimentTest {

    private static final Optional<Language> ZH = Optional.of(Language.ZH);

    /**
     * Feedback written for this test, and the sign a reader gives it. Only the two bare negation phrases
     * (不难吃, 没有想象中好) also occur in the training corpus; every other line is new to the model.
     */
    private record Case(String text, int sign) {
        @Override
        public String toString() {
            return (sign > 0 ? "+ " : "- ") + text;
        }
    }

    private static final List<Case> TABLE = List.of(
            // delivery and food
            new Case("外卖送得很快，饭菜还是热的", 1),
            new Case("非常好吃，下次还点这家", 1),
            new Case("骑手小哥冒雨送餐，辛苦了，谢谢", 1),
            new Case("一点也不慢，比预计早到了十分钟", 1),
            new Case("不难吃", 1),
            new Case("味道正宗，分量也足", 1),
            new Case("等了一个半小时才送到，饭都凉了", -1),
            new Case("汤洒了一袋子，太差了", -1),
            new Case("菜里吃出一根头发，恶心", -1),
            new Case("肉没熟，吃完拉肚子", -1),
            new Case("有点慢", -1),
            new Case("骑手送错地址，打电话也不接", -1),
            new Case("一点都不好吃，米饭是硬的", -1),
            new Case("说好的准时送达，结果迟到四十分钟", -1),
            // e-commerce
            new Case("质量很好，跟图片一模一样", 1),
            new Case("性价比很高，推荐购买", 1),
            new Case("衣服穿着很舒服，尺码也合适", 1),
            new Case("水果很新鲜，个头也大", 1),
            new Case("物流超快，昨天下单今天就到了", 1),
            new Case("包装很严实，没有一点破损", 1),
            new Case("东西收到了，很满意，五星好评", 1),
            new Case("收到的杯子是碎的", -1),
            new Case("质量太差了，穿一次就起球", -1),
            new Case("买贵了，第二天就降价一百", -1),
            new Case("描述和实物完全不符，差评", -1),
            new Case("不太好", -1),
            new Case("没有想象中好", -1),
            new Case("不怎么新鲜，有两个已经烂了", -1),
            new Case("包装太简陋了，盒子都压扁了", -1),
            new Case("App一直闪退，根本没法下单", -1),
            // service
            new Case("客服回复很及时，问题马上就解决了", 1),
            new Case("店员很耐心地帮我挑了半天", 1),
            new Case("退款很快就到账了，点赞", 1),
            new Case("售后处理得很专业，给个赞", 1),
            new Case("客服态度恶劣，问什么都不回", -1),
            new Case("申请退款一个星期了还没人处理", -1),
            new Case("打了五次电话都没人接，太失望了", -1),
            // emoji and slang
            new Case("👍", 1),
            new Case("😡", -1),
            new Case("太好吃了吧，yyds", 1),
            new Case("绝绝子，必须回购", 1),
            new Case("踩雷了，再也不买了", -1),
            new Case("拉胯，这次翻车了", -1),
            new Case("纯纯智商税，垃圾", -1));

    private static ChineseSentimentModel model;
    private static FeedbackSentiment analyzer;

    @BeforeAll
    static void trainTheDefaultModelOnce() {
        model = ChineseSentimentModel.trainDefault();
        analyzer = analyzerOf(model);
    }

    private static FeedbackSentiment analyzerOf(ChineseSentimentModel chinese) {
        SentenceScorer englishMustNotBeCalled = text -> {
            throw new AssertionError("Chinese text reached the English scorer: " + text);
        };
        return new FeedbackSentiment(englishMustNotBeCalled, new ChineseSentiment(chinese), AspectTaxonomy.standard(), 256);
    }

    private static SentimentResult analyze(String text) {
        return analyzer.analyze(text, ZH);
    }

    static Stream<Case> table() {
        return TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachLineGetsTheSignAReaderGivesIt(Case line) {
        SentimentResult result = analyze(line.text());

        assertThat(result.language()).isEqualTo(Language.ZH);
        assertThat(Math.signum(result.score())).as("score %s of %s", result.score(), line.text())
                .isEqualTo((double) line.sign());
    }

    @Test
    void nearlyEveryLineGetsALabelOfTheRightSideNotNeutral() {
        List<String> wrong = new ArrayList<>();
        for (Case line : TABLE) {
            SentimentLabel label = analyze(line.text()).label();
            boolean right = line.sign() > 0
                    ? label == SentimentLabel.POSITIVE || label == SentimentLabel.VERY_POSITIVE
                    : label.isNegative();
            if (!right) {
                wrong.add(line.text() + " -> " + label);
            }
        }

        assertThat(TABLE).hasSizeGreaterThanOrEqualTo(40);
        assertThat(1.0 - (double) wrong.size() / TABLE.size()).as("share right; wrong: %s", wrong)
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void negationFlipsThePolarityWord() {
        assertThat(analyze("难吃").score()).isNegative();
        assertThat(analyze("不难吃").score()).isPositive();
        assertThat(analyze("好").score()).isPositive();
        assertThat(analyze("不太好").score()).isNegative();
        assertThat(analyze("慢").score()).isNegative();
        assertThat(analyze("一点也不慢").score()).isPositive();
    }

    @Test
    void degreeWordsSetTheIntensity() {
        SentimentResult veryTasty = analyze("非常好吃");
        SentimentResult tasty = analyze("好吃");
        SentimentResult aBitSlow = analyze("有点慢");

        assertThat(veryTasty.label()).isEqualTo(SentimentLabel.VERY_POSITIVE);
        assertThat(veryTasty.score()).isGreaterThan(tasty.score());
        assertThat(tasty.label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(aBitSlow.label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(aBitSlow.score()).isGreaterThan(analyze("太慢了").score());
    }

    @Test
    void intensifiersThatContainANegatorCharacterStillIntensify() {
        // 非常 and 特别 hold 非 and 别, which are negators on their own.
        assertThat(analyze("非常满意").label()).isEqualTo(SentimentLabel.VERY_POSITIVE);
        assertThat(analyze("非常好").label()).isEqualTo(SentimentLabel.VERY_POSITIVE);
        assertThat(analyze("特别好吃").score()).isGreaterThan(analyze("好吃").score());
    }

    @Test
    void repeatedExclamationMarksStrengthenTheSentence() {
        assertThat(analyze("好吃！！！").score()).isGreaterThan(analyze("好吃！").score());
        assertThat(analyze("好吃！！！").label()).isEqualTo(SentimentLabel.VERY_POSITIVE);
        assertThat(analyze("送得太慢了!!").score()).isLessThan(analyze("送得太慢了!").score());
    }

    @Test
    void praiseThenAComplaintAfterButIsTwoSentencesOfOppositeSignAndMixed() {
        SentimentResult result = analyze("送餐很快，但是汤洒了");

        assertThat(result.sentences()).extracting(SentenceSentiment::text).containsExactly("送餐很快，", "但是汤洒了");
        assertThat(result.sentences().get(0).score()).isGreaterThanOrEqualTo(0.25);
        assertThat(result.sentences().get(1).score()).isLessThanOrEqualTo(-0.25);
        assertThat(result.label()).isEqualTo(SentimentLabel.MIXED);
    }

    @Test
    void aCommaWithoutAContrastDoesNotSplitTheSentence() {
        SentimentResult result = analyze("送餐很快，味道也不错");

        assertThat(result.sentences()).hasSize(1);
        assertThat(result.label()).isIn(SentimentLabel.POSITIVE, SentimentLabel.VERY_POSITIVE);
    }

    @Test
    void sentencesEndAtPunctuationAndKeepTheirWholePunctuationRun() {
        SentimentResult result = analyze("味道很好！！配送太慢了。。。  还会再点吗？");

        assertThat(result.sentences()).extracting(SentenceSentiment::index).containsExactly(0, 1, 2);
        assertThat(result.sentences()).extracting(SentenceSentiment::text)
                .containsExactly("味道很好！！", "配送太慢了。。。", "还会再点吗？");
    }

    @Test
    void eachAspectCarriesItsOwnSentencesSentiment() {
        SentimentResult result = analyze("快递很快。包装破了。");

        AspectMention delivery = mention(result, "delivery");
        AspectMention packaging = mention(result, "packaging");
        assertThat(delivery.sentence()).isEqualTo(0);
        assertThat(delivery.score()).isPositive();
        assertThat(delivery.label()).isEqualTo(result.sentences().get(0).label());
        assertThat(packaging.sentence()).isEqualTo(1);
        assertThat(packaging.score()).isNegative();
        assertThat(packaging.label().isNegative()).isTrue();
    }

    @Test
    void aspectsOfTheTwoHalvesOfAContrastDiffer() {
        SentimentResult result = analyze("客服态度很好，但是退款到现在还没到账");

        assertThat(mention(result, "service").score()).isPositive();
        assertThat(mention(result, "refund").score()).isNegative();
        assertThat(result.label()).isEqualTo(SentimentLabel.MIXED);
    }

    @Test
    void latinTermsMatchWhateverTheirCase() {
        SentimentResult result = analyze("APP总是闪退");

        assertThat(result.aspects()).extracting(AspectMention::aspect).containsOnly("app_website");
        assertThat(result.score()).isNegative();
    }

    @Test
    void aTextWithoutAspectsHasNoMentions() {
        assertThat(analyze("还不错吧").aspects()).isEmpty();
    }

    @Test
    void emojiAloneIsScoredByTheEmoji() {
        assertThat(analyze("👍").label()).isIn(SentimentLabel.POSITIVE, SentimentLabel.VERY_POSITIVE);
        assertThat(analyze("😡").label().isNegative()).isTrue();
        assertThat(analyze("👍👍👍").sentences()).hasSize(1);
    }

    @Test
    void aVeryLongTextIsScoredSentenceBySentence() {
        String praise = "这家店的菜量很足，味道也很好。";
        String complaint = "但是配送太慢了，等了一个多小时！";
        StringBuilder text = new StringBuilder();
        int sentences = 0;
        while (text.length() < 5000) {
            text.append(sentences % 2 == 0 ? praise : complaint);
            sentences++;
        }

        SentimentResult result = analyze(text.toString());

        assertThat(result.sentences()).hasSize(sentences);
        assertThat(result.sentences().get(0).score()).isPositive();
        assertThat(result.sentences().get(1).score()).isNegative();
        assertThat(result.sentences().get(sentences - 1).index()).isEqualTo(sentences - 1);
        assertThat(result.label()).isEqualTo(SentimentLabel.MIXED);
    }

    @Test
    void aTextWithoutLettersOrEmojiHasNoSentencesAndIsNeutral() {
        SentimentResult result = analyze("。。。！？");

        assertThat(result.sentences()).isEmpty();
        assertThat(result.score()).isZero();
        assertThat(result.label()).isEqualTo(SentimentLabel.NEUTRAL);
    }

    @Test
    void theSameTextGivesTheSameResult() {
        SentimentResult first = analyze("物流很快，包装完好");

        assertThat(analyze("物流很快，包装完好")).isEqualTo(first);
        assertThat(analyzerOf(model).analyze("物流很快，包装完好", ZH)).isEqualTo(first);
    }

    @Test
    void chineseIsDetectedWhenNoLanguageIsGiven() {
        SentimentResult result = analyzer.analyze("iPhone很好用，物流也快", Optional.empty());

        assertThat(result.language()).isEqualTo(Language.ZH);
        assertThat(result.analysed()).isTrue();
        assertThat(result.score()).isPositive();
    }

    @Test
    void theModelPredictsWholeLines() {
        assertThat(model.trainingLines()).isEqualTo(SentimentCorpus.defaultCorpus().size());
        assertThat(model.predict("非常满意，下次还来")).isEqualTo(LabelledText.Polarity.POSITIVE);
        assertThat(model.predict("太难吃了，差评")).isEqualTo(LabelledText.Polarity.NEGATIVE);
        assertThat(model.polarityOf("非常满意，下次还来")).isBetween(0.0, 1.0);
        assertThat(model.polarityOf("太难吃了，差评")).isBetween(-1.0, 0.0);
    }

    @Test
    void aModelTrainedOnTwoPolaritiesNeverSaysNeutral() {
        ChineseSentimentModel small = ChineseSentimentModel.train(List.of(
                new LabelledText(LabelledText.Polarity.POSITIVE, "好吃"),
                new LabelledText(LabelledText.Polarity.POSITIVE, "很快"),
                new LabelledText(LabelledText.Polarity.NEGATIVE, "难吃"),
                new LabelledText(LabelledText.Polarity.NEGATIVE, "很慢")));

        assertThat(small.trainingLines()).isEqualTo(4);
        assertThat(small.predict("还行")).isIn(LabelledText.Polarity.POSITIVE, LabelledText.Polarity.NEGATIVE);
        assertThat(small.predict("好吃")).isEqualTo(LabelledText.Polarity.POSITIVE);
        assertThat(small.predict("难吃")).isEqualTo(LabelledText.Polarity.NEGATIVE);
    }

    @Test
    void trainingNeedsTwoPolarities() {
        assertThatThrownBy(() -> ChineseSentimentModel.train(List.of(
                new LabelledText(LabelledText.Polarity.POSITIVE, "好吃"),
                new LabelledText(LabelledText.Polarity.POSITIVE, "很快"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrittenModelReadsBackWithIdenticalPredictions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("zh-sentiment.model");

        model.write(file);
        ChineseSentimentModel read = ChineseSentimentModel.read(file);

        assertThat(read.trainingLines()).isEqualTo(model.trainingLines());
        for (Case line : TABLE) {
            assertThat(read.polarityOf(line.text())).as(line.text()).isEqualTo(model.polarityOf(line.text()));
        }
        FeedbackSentiment fromFile = analyzerOf(read);
        assertThat(fromFile.analyze("送餐很快，但是汤洒了", ZH)).isEqualTo(analyze("送餐很快，但是汤洒了"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writingReplacesAnExistingFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("zh-sentiment.model");
        Files.writeString(file, "an older model");

        model.write(file);

        assertThat(ChineseSentimentModel.read(file).trainingLines()).isEqualTo(model.trainingLines());
    }

    @Test
    void readingATextFileFailsWithIoException(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("not-a-model.csv");
        Files.writeString(file, "label,text\npositive,好吃\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ChineseSentimentModel.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void readingAnotherSerializedObjectFailsWithIoExceptionNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("list.model");
        try (OutputStream out = Files.newOutputStream(file);
             ObjectOutputStream objects = new ObjectOutputStream(new GZIPOutputStream(out))) {
            objects.writeObject(new ArrayList<>(List.of("好吃", "难吃")));
        }

        assertThatThrownBy(() -> ChineseSentimentModel.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void readingAMissingFileFailsWithIoException(@TempDir Path dir) {
        assertThatThrownBy(() -> ChineseSentimentModel.read(dir.resolve("missing.model")))
                .isInstanceOf(IOException.class);
    }

    private static AspectMention mention(SentimentResult result, String aspect) {
        return result.aspects().stream().filter(m -> m.aspect().equals(aspect)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + aspect + " mention in " + result.aspects()));
    }
}
