package io.closeloop.service.survey;

import io.closeloop.service.i18n.Messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.sms.SmsSegments;
import io.dropwizard.jackson.Jackson;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every text the default SMS survey sends fits in one segment: 160 GSM-7 characters, or 70 for Chinese. */
class ChatMessagesFitOneSegmentTest {

    private final Messages messages = new Messages();
    private final ChatSurveys chat = new ChatSurveys(null, new AnswerParser(), messages, null);

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh-CN"})
    void everyMessageOfTheDefaultSurveyIsOneSegment(String locale) throws Exception {
        TemplateDefinition survey;
        try (InputStream in = getClass().getResourceAsStream("/surveys/default.json")) {
            survey = Jackson.newObjectMapper().readValue(in, TemplateDefinition.class);
        }
        List<String> texts = new ArrayList<>();
        for (Question question : survey.questions()) {
            texts.add(chat.prompt(question, locale, Optional.empty()));
            for (ScoreBand band : ScoreBand.values()) {
                texts.add(chat.prompt(question, locale, Optional.of(band)));
            }
        }
        String firstQuestion = chat.prompt(survey.questions().get(0), locale, Optional.empty());
        texts.add(messages.get(locale, "chat.invitation", messages.get(locale, "invitation.greeting.named", "Alexandra"),
                "SO-20261127-0042", firstQuestion));
        texts.add(messages.get(locale, "chat.reminder", "SO-20261127-0042", firstQuestion));
        for (String key : List.of("chat.thanks", "chat.thanks.detractor", "chat.closed", "chat.auto_reply",
                "sms.opt_out", "sms.opt_in", "sms.help", "chat.reprompt.choice")) {
            texts.add(messages.get(locale, key));
        }
        texts.add(messages.get(locale, "chat.reprompt.scale", "0", "10"));
        // The bot's handoff with each kind of wait, and the ticket's follow-up texts.
        String opening = io.closeloop.service.ticket.BusinessHours.of(new io.closeloop.service.config.SupportConfig
                .BusinessHoursConfig("America/Los_Angeles", null, null, null, null))
                .describe(java.time.Instant.parse("2026-11-25T17:00:00Z"), locale);
        for (String eta : List.of(messages.get(locale, "bot.eta.minutes", 45L), messages.get(locale, "bot.eta.hours", 24L),
                messages.get(locale, "bot.eta.closed", opening))) {
            texts.add(messages.get(locale, "bot.handoff", eta));
        }
        for (String key : List.of("bot.choose", "bot.not_sure", "ticket.followup", "ticket.followup_thanks",
                "ticket.followup_reopened")) {
            texts.add(messages.get(locale, key));
        }
        texts.add(messages.get(locale, "chat.moving_on") + " " + chat.prompt(survey.questions().get(2), locale, Optional.empty()));
        assertThat(texts).allSatisfy(text -> assertThat(SmsSegments.fitsOneSegment(text))
                .as("%s (%s, %d)", text, SmsSegments.encoding(text), SmsSegments.length(text)).isTrue());
        if (locale.equals("en")) {
            assertThat(texts).allSatisfy(text -> assertThat(SmsSegments.encoding(text)).isEqualTo(SmsSegments.Encoding.GSM_7));
        }
    }

}
