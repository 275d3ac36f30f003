package io.closeloop.service.survey;

import io.closeloop.service.i18n.Messages;
import io.closeloop.service.i18n.SupportedLocales;

import io.closeloop.service.ticket.Tickets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Surveys held as a conversation (SMS now, WeChat next): one question per message, answers in the
 * customer's own words read by the {@link AnswerParser}, one re-prompt after a reply it cannot use and
 * then on to the next question, a thank-you at the end.
 */
public final class ChatSurveys {

    private final TemplateCatalog templates;
    private final AnswerParser parser;
    private final Messages messages;
    private final Tickets tickets;

    public ChatSurveys(TemplateCatalog templates, AnswerParser parser, Messages messages, Tickets tickets) {
        this.templates = templates;
        this.tickets = tickets;
        this.messages = messages;
        this.parser = parser;
    }

    /** The invitation: a one-line greeting and the first question. */
    public String invitation(InvitationRow invitation, String customerName, String orderId) {
        String locale = invitation.locale();
        String greeting = customerName == null ? messages.get(locale, "invitation.greeting")
                : messages.get(locale, "invitation.greeting.named", customerName);
        return messages.get(locale, "chat.invitation", greeting, orderId, currentPrompt(invitation, List.of()));
    }

    /** The reminder: the question the customer stopped at. */
    public String reminder(InvitationRow invitation, String orderId, List<AnswerRow> answers) {
        return messages.get(invitation.locale(), "chat.reminder", orderId, currentPrompt(invitation, answers));
    }

    private String currentPrompt(InvitationRow invitation, List<AnswerRow> answers) {
        SurveyTemplate template = templates.byId(invitation.templateId());
        return SurveyResponder.nextQuestion(template, answers)
                .map(next -> prompt(next.getKey(), invitation.locale(), next.getValue()))
                .orElse("");
    }

    /** A question as a chat message: its text and how to answer. */
    public String prompt(Question question, String locale, Optional<ScoreBand> previousBand) {
        String text = question.textFor(locale, previousBand);
        String hint = messages.get(locale, "chat.hint." + question.type().wireName());
        String gap = gap(locale);
        if (question.type() == QuestionType.CHOICE) {
            String options = IntStream.range(0, question.options().size())
                    .mapToObj(i -> (i + 1) + ") " + question.options().get(i).label().in(locale))
                    .collect(Collectors.joining(" "));
            return text + gap + options + gap + hint;
        }
        return text + gap + hint;
    }

    /** Sentences are separated by a space in English and by nothing in Chinese. */
    private static String gap(String locale) {
        return SupportedLocales.CHINESE.equals(SupportedLocales.contentLocale(locale)) ? "" : " ";
    }

    /**
     * Takes a chat message as the answer to the survey's current question and says what to reply. Call
     * inside a transaction, with a DAO on it, with the invitation row locked; the survey must be open.
     */
    public String answer(SurveyDao dao, InvitationRow invitation, String reply, Instant now) {
        SurveyTemplate template = templates.byId(invitation.templateId());
        String locale = invitation.locale();
        List<AnswerRow> earlier = dao.answers(invitation.id());
        Map.Entry<Question, Optional<ScoreBand>> current = SurveyResponder.nextQuestion(template, earlier).orElseThrow();
        Question question = current.getKey();
        ParsedAnswer parsed = parser.parse(question, reply);
        String preface = "";
        if (parsed instanceof ParsedAnswer.Miss) {
            if (invitation.misses() == 0) {
                dao.countMiss(invitation.id());
                return reprompt(question, locale);
            }
            parsed = new ParsedAnswer.Skip();
            preface = messages.get(locale, "chat.moving_on") + gap(locale);
        }
        AnswerRow answer = toAnswer(invitation, question, parsed, SurveyResponder.millisSinceLastStep(invitation, earlier, now), now);
        List<AnswerRow> answers = SurveyResponder.record(dao, tickets, invitation, template, earlier, answer, now);
        if (invitation.misses() > 0) {
            dao.resetMisses(invitation.id());
        }
        Optional<Map.Entry<Question, Optional<ScoreBand>>> next = SurveyResponder.nextQuestion(template, answers);
        if (next.isPresent()) {
            return preface + prompt(next.get().getKey(), locale, next.get().getValue());
        }
        return preface + messages.get(locale, SurveyResponder.needsFollowUp(template, answers) ? "chat.thanks.detractor" : "chat.thanks");
    }

    /** The question a customer returning to the conversation stopped at. */
    public String resume(SurveyDao dao, InvitationRow invitation) {
        return currentPrompt(invitation, dao.answers(invitation.id()));
    }

    /** The one-time answer to a message about a survey that has closed. */
    public String closed(String locale) {
        return messages.get(locale, "chat.closed");
    }

    private String reprompt(Question question, String locale) {
        return question.type().isScale()
                ? messages.get(locale, "chat.reprompt.scale", String.valueOf(question.type().min()), String.valueOf(question.type().max()))
                : messages.get(locale, "chat.reprompt.choice");
    }

    private static AnswerRow toAnswer(InvitationRow invitation, Question question, ParsedAnswer parsed, long elapsedMs,
            Instant now) {
        Integer score = parsed instanceof ParsedAnswer.Score s ? s.value() : null;
        String choice = parsed instanceof ParsedAnswer.Choice c ? c.value() : null;
        String text = parsed instanceof ParsedAnswer.Text t ? limit(t.text()) : null;
        boolean skipped = score == null && choice == null && text == null;
        return new AnswerRow(invitation.id(), question.id(), question.type().wireName(), score, choice, text, skipped,
                elapsedMs, now);
    }

    private static String limit(String text) {
        return text.codePointCount(0, text.length()) <= QuestionType.MAX_TEXT_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, QuestionType.MAX_TEXT_LENGTH));
    }
}
