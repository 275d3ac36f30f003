package io.closeloop.service.survey;

import io.closeloop.service.i18n.LocalizedText;
import io.closeloop.service.i18n.SupportedLocales;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SurveyModelTest {

    private final ObjectMapper json = Jackson.newObjectMapper();

    @Test
    void bandsFollowTheScaleOfEachQuestionType() {
        assertThat(List.of(0, 6, 7, 8, 9, 10).stream().map(QuestionType.NPS::band)).containsExactly(
                ScoreBand.DETRACTOR, ScoreBand.DETRACTOR, ScoreBand.PASSIVE, ScoreBand.PASSIVE, ScoreBand.PROMOTER,
                ScoreBand.PROMOTER);
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(QuestionType.CSAT::band)).containsExactly(
                ScoreBand.DETRACTOR, ScoreBand.DETRACTOR, ScoreBand.PASSIVE, ScoreBand.PROMOTER, ScoreBand.PROMOTER);
        assertThat(List.of(1, 3, 4, 5, 7).stream().map(QuestionType.CES::band)).containsExactly(
                ScoreBand.DETRACTOR, ScoreBand.DETRACTOR, ScoreBand.PASSIVE, ScoreBand.PROMOTER, ScoreBand.PROMOTER);
    }

    @Test
    void localesAreNormalisedAndChineseVariantsReadChinese() {
        assertThat(SupportedLocales.normalize("zh_cn")).contains("zh-CN");
        assertThat(SupportedLocales.normalize("en-us")).contains("en-US");
        assertThat(SupportedLocales.normalize("fr")).contains("fr");
        assertThat(SupportedLocales.normalize("klingon")).isEmpty();
        assertThat(SupportedLocales.normalize("xx-YY")).isEmpty();
        assertThat(SupportedLocales.normalize("")).isEmpty();
        assertThat(SupportedLocales.contentLocale("zh-TW")).isEqualTo("zh-CN");
        assertThat(SupportedLocales.contentLocale("fr")).isEqualTo("en");
    }

    @Test
    void theDefaultSurveyAsksCsatNpsAndAFollowUpThatDependsOnTheNpsBand() throws Exception {
        TemplateDefinition definition;
        try (InputStream in = getClass().getResourceAsStream("/surveys/default.json")) {
            definition = json.readValue(in, TemplateDefinition.class);
        }
        assertThat(definition.problems()).isEmpty();
        assertThat(definition.questions()).extracting(Question::type)
                .containsExactly(QuestionType.CSAT, QuestionType.NPS, QuestionType.TEXT);
        Question q1 = definition.questions().get(0);
        assertThat(q1.textFor("en", Optional.empty())).isEqualTo("How satisfied are you with your order?");
        assertThat(q1.textFor("zh-CN", Optional.empty())).isEqualTo("您对这次订单满意吗？");
        assertThat(definition.questions().get(1).textFor("fr", Optional.empty()))
                .isEqualTo("How likely are you to recommend us to a friend?");
        Question q3 = definition.questions().get(2);
        assertThat(q3.textFor("en", Optional.of(ScoreBand.DETRACTOR))).isEqualTo("Sorry to hear that. What went wrong?");
        assertThat(q3.textFor("en", Optional.of(ScoreBand.PROMOTER))).isEqualTo("What did you like most?");
        assertThat(q3.textFor("zh-CN", Optional.of(ScoreBand.DETRACTOR))).startsWith("很抱歉");
    }

    @Test
    void aTemplateSaysEverythingThatIsWrongWithIt() {
        Question noEnglish = new Question("q1", QuestionType.CSAT, new LocalizedText(Map.of("zh-CN", "满意吗")), null, null);
        Question duplicate = new Question("q1", QuestionType.NPS, LocalizedText.of("Recommend?", "推荐吗"), null, null);
        Question oneOption = new Question("q3", QuestionType.CHOICE, LocalizedText.of("Pick", "选"),
                null, List.of(new ChoiceOption("a", LocalizedText.of("A", "甲"))));
        Question extra = new Question("q4", QuestionType.TEXT, LocalizedText.of("More?", "还有吗"), null, null);
        TemplateDefinition definition = new TemplateDefinition(List.of(noEnglish, duplicate, oneOption, extra));
        assertThat(definition.problems()).extracting(Map.Entry::getKey).containsExactly(
                "questions", "questions[0].text", "questions[1].id", "questions[2].options");
    }
}
