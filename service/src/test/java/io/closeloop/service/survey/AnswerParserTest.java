package io.closeloop.service.survey;

import io.closeloop.service.i18n.LocalizedText;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.survey.ParsedAnswer.Ambiguous;
import io.closeloop.service.survey.ParsedAnswer.Choice;
import io.closeloop.service.survey.ParsedAnswer.OutOfRange;
import io.closeloop.service.survey.ParsedAnswer.Score;
import io.closeloop.service.survey.ParsedAnswer.Skip;
import io.closeloop.service.survey.ParsedAnswer.Text;
import io.closeloop.service.survey.ParsedAnswer.Unrecognized;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerParserTest {

    private static final Question IMPROVE = choice(
            option("delivery", "Delivery speed", "配送速度"),
            option("price", "Price", "价格"),
            option("quality", "Product quality", "产品质量"),
            option("customer_service", "Customer service", "客服"));

    private static final Map<String, Question> QUESTIONS = Map.of(
            "csat", scale(QuestionType.CSAT),
            "nps", scale(QuestionType.NPS),
            "ces", scale(QuestionType.CES),
            "rating", scale(QuestionType.RATING),
            "choice", IMPROVE,
            "text", new Question("q9", QuestionType.TEXT, LocalizedText.of("Anything else?", "还有什么想说的吗？"),
                    Map.of(), List.of()));

    private final AnswerParser parser = new AnswerParser();

    /** Replies as customers send them by SMS or WeChat; the choice rows use the options of {@link #IMPROVE}. */
    @ParameterizedTest(name = "{0} ← \"{1}\" = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # CSAT 1-5: digits, stated scales, points, stars
            csat   | 5                                          | score 5
            csat   | ５                                         | score 5
            csat   | 4/5                                        | score 4
            csat   | I'd give it a 3 out of 5                   | score 3
            csat   | ５分，非常满意                              | score 5
            csat   | 给4分                                      | score 4
            csat   | 打三分吧                                   | score 3
            csat   | 五星好评                                   | score 5
            csat   | 满分！                                     | score 5
            csat   | 3, delivery was slow but the product is good | score 3
            # CSAT: satisfaction words, longest phrase first
            csat   | very satisfied                             | score 5
            csat   | Very satisfied, thanks!                    | score 5
            csat   | Excellent 👍                               | score 5
            csat   | love it ❤️                                 | score 5
            csat   | satisfied                                  | score 4
            csat   | not bad                                    | score 4
            csat   | it was ok                                  | score 3
            csat   | so-so                                      | score 3
            csat   | not satisfied                              | score 2
            csat   | Not very satisfied tbh                     | score 2
            csat   | Dissatisfied                               | score 2
            csat   | very dissatisfied                          | score 1
            csat   | Terrible!!                                 | score 1
            csat   | 非常满意                                   | score 5
            csat   | 百分百满意                                 | score 5
            csat   | 十分满意                                   | score 5
            csat   | 很满意！                                   | score 5
            csat   | 满意                                       | score 4
            csat   | 还不错吧                                   | score 4
            csat   | 一般                                       | score 3
            csat   | 一般般吧                                   | score 3
            csat   | 马马虎虎                                   | score 3
            csat   | 不满意                                     | score 2
            csat   | 不太满意                                   | score 2
            csat   | 不是非常满意                               | score 2
            csat   | 非常不满意                                 | score 1
            csat   | 十分不满意                                 | score 1
            csat   | 太差了                                     | score 1
            csat   | 差不多吧                                   | score 3
            csat   | 差评                                       | score 1
            csat   | not satisfied at all                       | score 1
            # CSAT misses
            csat   | 7                                          | out-of-range 7
            csat   | 0                                          | out-of-range 0
            csat   | 9/10                                       | ambiguous
            csat   | 4 or 5                                     | ambiguous
            csat   | 4.5                                        | ambiguous
            csat   | good but delivery was bad                  | ambiguous
            csat   | 😊                                         | unrecognized
            csat   | what do you mean?                          | unrecognized
            csat   | SKIP                                       | skip
            csat   | 跳过                                       | skip
            # NPS 0-10: numbers only
            nps    | 9                                          | score 9
            nps    | ９                                         | score 9
            nps    | 9/10                                       | score 9
            nps    | １０！                                     | score 10
            nps    | 10/10 would buy again                      | score 10
            nps    | I'd say 8                                  | score 8
            nps    | I’d say 8                                  | score 8
            nps    | 8 I guess                                  | score 8
            nps    | solid 7                                    | score 7
            nps    | a 10, obviously                            | score 10
            nps    | 9 out of 10                                | score 9
            nps    | Nine!                                      | score 9
            nps    | ten                                        | score 10
            nps    | zero                                       | score 0
            nps    | 0                                          | score 0
            nps    | this one was great, 9                      | score 9
            nps    | on a scale of 1 to 10, I'd say 6           | score 6
            nps    | 8 😀                                       | score 8
            nps    | order #20240917 came late, still a 7       | score 7
            nps    | 九                                         | score 9
            nps    | 十                                         | score 10
            nps    | 十分                                       | score 10
            nps    | 打十分                                     | score 10
            nps    | 给八分                                     | score 8
            nps    | 9分                                        | score 9
            nps    | 满分10分我给9分                            | score 9
            nps    | 满分十分，给九分吧                         | score 9
            nps    | 7 or 8                                     | ambiguous
            nps    | 7-8                                        | ambiguous
            nps    | between 6 and 7                            | ambiguous
            nps    | 七八分吧                                   | ambiguous
            nps    | 7.5                                        | ambiguous
            nps    | 11                                         | out-of-range 11
            nps    | -1                                         | out-of-range -1
            nps    | 十分满意                                   | unrecognized
            nps    | definitely                                 | unrecognized
            nps    | 👍👍                                       | unrecognized
            nps    | next                                       | skip
            nps    | 跳過                                       | skip
            # CES 1-7: numbers and effort words
            ces    | 6                                          | score 6
            ces    | 8                                          | out-of-range 8
            ces    | 6/7                                        | score 6
            ces    | very easy                                  | score 7
            ces    | not easy                                   | score 2
            ces    | very difficult                             | score 1
            ces    | 非常容易                                   | score 7
            ces    | 很简单                                     | score 7
            ces    | 有点麻烦                                   | score 3
            ces    | 一般                                       | score 4
            ces    | 非常困难                                   | score 1
            # rating 1-5 shares the satisfaction words
            rating | 4 stars                                    | score 4
            rating | excellent                                  | score 5
            # choice: position, value, label in either language, mention
            choice | 2                                          | choice price
            choice | ２                                         | choice price
            choice | two                                        | choice price
            choice | 二                                         | choice price
            choice | option 3                                   | choice quality
            choice | Delivery speed                             | choice delivery
            choice | 配送速度                                   | choice delivery
            choice | ＰＲＩＣＥ                                 | choice price
            choice | the price mostly                           | choice price
            choice | 价格有点贵                                 | choice price
            choice | customer service was rude                  | choice customer_service
            choice | price and delivery                         | ambiguous
            choice | 5                                          | out-of-range 5
            choice | no idea                                    | unrecognized
            choice | pass                                       | skip
            # text: anything, as written
            text   | "  Delivery was LATE,   but support   fixed it.  " | text Delivery was LATE,   but support   fixed it.
            text   | 物流太慢了，希望改进                       | text 物流太慢了，希望改进
            text   | Skip the gift wrap next time, it's wasteful | text Skip the gift wrap next time, it's wasteful
            text   | 9                                          | text 9
            text   | 👍                                         | text 👍
            text   | skip                                       | skip
            text   | 不想回答                                   | skip
            text   | "   "                                      | unrecognized
            """)
    void classifiesRealReplies(String type, String reply, String expected) {
        assertThat(parser.parse(QUESTIONS.get(type), reply)).isEqualTo(answer(expected));
    }

    @Test
    void aNumberOnlyPicksAnOptionWhenItsPositionAndTheOptionNamedSoAgree() {
        Question household = choice(option("0", "0", "0"), option("1", "1", "1"), option("2", "2", "2"),
                option("3+", "3 or more", "3人以上"));

        assertThat(parser.parse(household, "1")).isEqualTo(new Ambiguous());
        assertThat(parser.parse(household, "4")).isEqualTo(new Choice("3+"));
        assertThat(parser.parse(household, "3 or more")).isEqualTo(new Choice("3+"));
        assertThat(parser.parse(household, "5")).isEqualTo(new OutOfRange(5));
    }

    @Test
    void optionValuesAndLabelsMatchWhateverTheCaseWidthOrLanguage() {
        assertThat(parser.parse(IMPROVE, "ＤＥＬＩＶＥＲＹ")).isEqualTo(new Choice("delivery"));
        assertThat(parser.parse(IMPROVE, "customer service")).isEqualTo(new Choice("customer_service"));
        assertThat(parser.parse(IMPROVE, "客服!")).isEqualTo(new Choice("customer_service"));
        assertThat(parser.parse(IMPROVE, "第三个")).isEqualTo(new Choice("quality"));
        assertThat(parser.parse(IMPROVE, "I'd pick 4")).isEqualTo(new Choice("customer_service"));
        assertThat(parser.parse(IMPROVE, "1 or 2")).isEqualTo(new Ambiguous());
    }

    @Test
    void aShortOptionNameIsMatchedOnlyAsAWholeWordOrTheWholeReply() {
        Question rooms = choice(option("a", "A", "A"), option("other", "Other", "其他"));

        assertThat(parser.parse(rooms, "A")).isEqualTo(new Choice("a"));
        assertThat(parser.parse(rooms, "another thing entirely")).isEqualTo(new Unrecognized());
        assertThat(parser.parse(rooms, "something other")).isEqualTo(new Choice("other"));
    }

    @Test
    void aMissIsTheOnlyKindOfAnswerTheConversationRepromptsFor() {
        assertThat(parser.parse(QUESTIONS.get("nps"), "7 or 8")).isInstanceOf(ParsedAnswer.Miss.class);
        assertThat(parser.parse(QUESTIONS.get("nps"), "12")).isInstanceOf(ParsedAnswer.Miss.class);
        assertThat(parser.parse(QUESTIONS.get("nps"), "skip")).isNotInstanceOf(ParsedAnswer.Miss.class);
        assertThat(parser.parse(QUESTIONS.get("nps"), null)).isEqualTo(new Unrecognized());
    }

    private static ParsedAnswer answer(String expected) {
        String[] kindAndValue = expected.split(" ", 2);
        return switch (kindAndValue[0]) {
            case "score" -> new Score(Integer.parseInt(kindAndValue[1]));
            case "out-of-range" -> new OutOfRange(Integer.parseInt(kindAndValue[1]));
            case "choice" -> new Choice(kindAndValue[1]);
            case "text" -> new Text(kindAndValue[1]);
            case "skip" -> new Skip();
            case "ambiguous" -> new Ambiguous();
            case "unrecognized" -> new Unrecognized();
            default -> throw new IllegalArgumentException("unknown expectation: " + expected);
        };
    }

    private static Question scale(QuestionType type) {
        return new Question("q1", type, LocalizedText.of("How was it?", "体验如何？"), Map.of(), List.of());
    }

    private static Question choice(ChoiceOption... options) {
        return new Question("q4", QuestionType.CHOICE, LocalizedText.of("What could we improve?", "我们哪里可以改进？"),
                Map.of(), List.of(options));
    }

    private static ChoiceOption option(String value, String english, String chinese) {
        return new ChoiceOption(value, LocalizedText.of(english, chinese));
    }
}
