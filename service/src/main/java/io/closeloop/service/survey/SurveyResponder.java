package io.closeloop.service.survey;

import io.closeloop.service.i18n.Messages;
import io.closeloop.service.i18n.SupportedLocales;

import com.fasterxml.jackson.databind.JsonNode;
import io.closeloop.service.api.AnswerRequest;
import io.closeloop.service.api.AnswerResult;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.SurveyView;
import io.closeloop.service.ticket.Tickets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import io.closeloop.service.db.Transactions;
import org.jdbi.v3.core.Jdbi;

/** The customer's side of a survey: read it, answer it question by question, change answers until done. */
public final class SurveyResponder {

    private static final long MAX_ELAPSED_MS = Duration.ofHours(24).toMillis();

    private final Jdbi jdbi;
    private final TemplateCatalog templates;
    private final Messages messages;
    private final Tickets tickets;
    private final Clock clock;

    public SurveyResponder(Jdbi jdbi, TemplateCatalog templates, Messages messages, Tickets tickets, Clock clock) {
        this.jdbi = jdbi;
        this.tickets = tickets;
        this.templates = templates;
        this.messages = messages;
        this.clock = clock;
    }

    /** The survey as its page shows it; records the first opening. */
    public SurveyView view(String token) {
        Instant now = now();
        InvitationRow invitation = jdbi.inTransaction(handle -> {
            SurveyDao dao = handle.attach(SurveyDao.class);
            InvitationRow found = find(dao.invitationByToken(token));
            if (found.openedAt() == null) {
                dao.markOpened(found.id(), now);
            }
            return found;
        });
        List<AnswerRow> answers = jdbi.withExtension(SurveyDao.class, dao -> dao.answers(invitation.id()));
        return view(invitation, templates.byId(invitation.templateId()), answers, now);
    }

    /** The locale of the survey behind a token, for a page that must speak the customer's language. */
    public Optional<String> locale(String token) {
        return lookup(token).map(InvitationRow::locale);
    }

    public Optional<InvitationRow> lookup(String token) {
        if (!looksLikeToken(token)) {
            return Optional.empty();
        }
        return jdbi.withExtension(SurveyDao.class, dao -> dao.invitationByToken(token))
                .filter(i -> i.token() != null && i.statusValue() != InvitationStatus.SUPPRESSED);
    }

    public AnswerResult answer(String token, AnswerRequest request) {
        Instant now = now();
        // Retried: on MariaDB two answers to different surveys can deadlock on the answer index's gap locks.
        return Transactions.retrying(jdbi, handle -> {
            SurveyDao dao = handle.attach(SurveyDao.class);
            boolean locked = looksLikeToken(token) && dao.lockForAnswer(token, now) == 1;
            InvitationRow invitation = find(locked ? dao.invitationByToken(token) : Optional.empty());
            String locale = invitation.locale();
            if (invitation.statusValue() == InvitationStatus.COMPLETED) {
                throw new DomainException(409, "survey_completed", messages.get(locale, "survey.completed"));
            }
            if (invitation.isExpiredAt(now)) {
                throw new DomainException(410, "survey_expired", messages.get(locale, "survey.expired"));
            }
            SurveyTemplate template = templates.byId(invitation.templateId());
            if (request == null || request.questionId() == null) {
                throw invalidAnswer("questionId", messages.get(locale, "answer.unknown_question"));
            }
            Question question = template.question(request.questionId())
                    .orElseThrow(() -> invalidAnswer("questionId", messages.get(locale, "answer.unknown_question")));
            List<AnswerRow> earlier = dao.answers(invitation.id());
            long elapsed = elapsedMs(request.elapsedMs(), invitation, earlier, now, locale);
            List<AnswerRow> answers = record(dao, tickets, invitation, template, earlier,
                    parse(invitation, question, request.value(), elapsed, now), now);
            boolean complete = isComplete(template, answers);
            SurveyView view = view(invitation, template, answers, now);
            SurveyView.QuestionView next = complete ? null : view.questions().stream()
                    .filter(q -> q.id().equals(view.nextQuestionId())).findFirst().orElse(null);
            return new AnswerResult(complete ? "completed" : "open", next, answers.size(),
                    template.definition().questions().size(), view.followUp());
        });
    }

    /**
     * Stores one answer, replacing an earlier one to the same question, and completes the survey when every
     * question has an answer. Call inside a transaction with the invitation row locked. Returns all answers.
     */
    static List<AnswerRow> record(SurveyDao dao, Tickets tickets, InvitationRow invitation, SurveyTemplate template,
            List<AnswerRow> earlier, AnswerRow answer, Instant now) {
        dao.saveAnswer(answer, earlier);
        if (answer.textValue() != null && !answer.skipped()) {
            // Analysed later, off this request: nothing a customer sends waits on NLP.
            dao.getHandle().attach(io.closeloop.service.nlp.AnalysisDao.class)
                    .enqueue(answer.invitationId(), answer.questionId(), now);
        }
        if (!answer.skipped() && tickets.isDetractor(answer.questionType(), answer.score())) {
            // Closing the loop: a person takes every detractor (one open ticket per customer).
            tickets.open(dao.getHandle(), new Tickets.Trigger(invitation.customerId(), invitation.channel(),
                    invitation.address(), invitation.locale(), "detractor",
                    answer.questionType().toUpperCase(java.util.Locale.ROOT) + " " + answer.score(), Tickets.GENERAL,
                    tickets.detractorSeverity(answer.questionType(), answer.score())), now);
        }
        if (invitation.openedAt() == null || invitation.firstAnswerAt() == null) {
            dao.markAnswered(invitation.id(), now);
        }
        List<AnswerRow> answers = new java.util.ArrayList<>(earlier.stream()
                .filter(a -> !a.questionId().equals(answer.questionId())).toList());
        answers.add(answer);
        if (isComplete(template, answers)) {
            dao.markCompleted(invitation.id(), now);
        }
        return List.copyOf(answers);
    }

    static boolean isComplete(SurveyTemplate template, List<AnswerRow> answers) {
        return template.definition().questions().stream()
                .allMatch(q -> answers.stream().anyMatch(a -> a.questionId().equals(q.id())));
    }

    /** The first question without an answer, worded for the band of the last scored answer before it. */
    static Optional<Map.Entry<Question, Optional<ScoreBand>>> nextQuestion(SurveyTemplate template, List<AnswerRow> answers) {
        Optional<ScoreBand> band = Optional.empty();
        for (Question q : template.definition().questions()) {
            Optional<AnswerRow> answer = answers.stream().filter(a -> a.questionId().equals(q.id())).findFirst();
            if (answer.isEmpty()) {
                return Optional.of(Map.entry(q, band));
            }
            if (q.type().isScale() && answer.get().score() != null) {
                band = Optional.of(q.type().band(answer.get().score()));
            }
        }
        return Optional.empty();
    }

    /** Whether any scored answer fell in the detractor band: someone should follow up. */
    static boolean needsFollowUp(SurveyTemplate template, List<AnswerRow> answers) {
        return answers.stream().anyMatch(a -> a.score() != null && QuestionType.find(a.questionType())
                .filter(QuestionType::isScale).map(t -> t.band(a.score()) == ScoreBand.DETRACTOR).orElse(false));
    }

    /** Time spent on a question: from the last answer, or the opening, or the sending, until now. */
    static long millisSinceLastStep(InvitationRow invitation, List<AnswerRow> earlier, Instant now) {
        Instant since = Stream.concat(Stream.of(invitation.openedAt(), invitation.sentAt()),
                        earlier.stream().map(AnswerRow::answeredAt))
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(now);
        return Math.min(Duration.between(since, now).toMillis(), MAX_ELAPSED_MS);
    }

    private SurveyView view(InvitationRow invitation, SurveyTemplate template, List<AnswerRow> answers, Instant now) {
        String locale = invitation.locale();
        String state = invitation.statusValue() == InvitationStatus.COMPLETED
                || answers.size() == template.definition().questions().size() && !answers.isEmpty()
                ? "completed" : invitation.isExpiredAt(now) ? "expired" : "open";
        Map<String, AnswerRow> byQuestion = new LinkedHashMap<>();
        answers.forEach(a -> byQuestion.put(a.questionId(), a));
        Map<String, Object> values = new LinkedHashMap<>();
        List<SurveyView.QuestionView> questions = new java.util.ArrayList<>();
        Optional<ScoreBand> previousBand = Optional.empty();
        String next = null;
        boolean followUp = false;
        for (Question q : template.definition().questions()) {
            questions.add(questionView(q, locale, previousBand));
            AnswerRow answer = byQuestion.get(q.id());
            if (answer == null) {
                next = next == null ? q.id() : next;
                continue;
            }
            values.put(q.id(), valueOf(answer));
            if (q.type().isScale() && answer.score() != null) {
                previousBand = Optional.of(q.type().band(answer.score()));
                followUp |= previousBand.get() == ScoreBand.DETRACTOR;
            }
        }
        Map<String, String> texts = messages.all(locale, "page.");
        return new SurveyView(state, SupportedLocales.contentLocale(locale), questions, values,
                "open".equals(state) ? next : null, followUp, texts);
    }

    private SurveyView.QuestionView questionView(Question q, String locale, Optional<ScoreBand> previousBand) {
        String text = q.textFor(locale, previousBand);
        return switch (q.type()) {
            case CSAT, NPS, CES, RATING -> new SurveyView.QuestionView(q.id(), q.type().wireName(), text,
                    q.type().min(), q.type().max(), messages.get(locale, "scale." + q.type().wireName() + ".low"),
                    messages.get(locale, "scale." + q.type().wireName() + ".high"), null, null);
            case CHOICE -> new SurveyView.QuestionView(q.id(), q.type().wireName(), text, null, null, null, null,
                    q.options().stream().map(o -> new SurveyView.Option(o.value(), o.label().in(locale))).toList(),
                    null);
            case TEXT -> new SurveyView.QuestionView(q.id(), q.type().wireName(), text, null, null, null, null, null,
                    QuestionType.MAX_TEXT_LENGTH);
        };
    }

    private static Object valueOf(AnswerRow answer) {
        return Stream.of(answer.score(), answer.choiceValue(), answer.textValue())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Turns the submitted value into a stored answer, or a 422 in the customer's language. */
    AnswerRow parse(InvitationRow invitation, Question question, JsonNode value, long elapsedMs, Instant now) {
        String locale = invitation.locale();
        QuestionType type = question.type();
        Integer score = null;
        String choice = null;
        String text = null;
        boolean skipped = value == null || value.isNull();
        if (!skipped) {
            switch (type) {
                case CSAT, NPS, CES, RATING -> score = score(type, value, locale);
                case CHOICE -> {
                    if (!value.isTextual() || question.option(value.asText()).isEmpty()) {
                        throw invalidAnswer("value", messages.get(locale, "answer.unknown_option"));
                    }
                    choice = value.asText();
                }
                case TEXT -> {
                    if (!value.isTextual()) {
                        throw invalidAnswer("value", messages.get(locale, "answer.not_text"));
                    }
                    String written = value.asText().strip();
                    if (written.codePointCount(0, written.length()) > QuestionType.MAX_TEXT_LENGTH) {
                        throw invalidAnswer("value", messages.get(locale, "answer.too_long", String.valueOf(QuestionType.MAX_TEXT_LENGTH)));
                    }
                    text = written.isEmpty() ? null : written;
                    skipped = text == null;
                }
            }
        }
        return new AnswerRow(invitation.id(), question.id(), type.wireName(), score, choice, text, skipped, elapsedMs, now);
    }

    private int score(QuestionType type, JsonNode value, String locale) {
        String range = type.min() + "";
        String max = type.max() + "";
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        } else if (value.isTextual() && value.asText().strip().matches("-?[0-9]{1,9}")) {
            number = Long.parseLong(value.asText().strip());
        } else {
            throw invalidAnswer("value", messages.get(locale, "answer.not_a_number", range, max));
        }
        if (number < type.min() || number > type.max()) {
            throw invalidAnswer("value", messages.get(locale, "answer.out_of_range", range, max));
        }
        return (int) number;
    }

    private long elapsedMs(Long given, InvitationRow invitation, List<AnswerRow> earlier, Instant now, String locale) {
        if (given != null) {
            if (given < 0 || given > MAX_ELAPSED_MS) {
                throw invalidAnswer("elapsedMs", messages.get(locale, "answer.bad_duration"));
            }
            return given;
        }
        return millisSinceLastStep(invitation, earlier, now);
    }

    private InvitationRow find(Optional<InvitationRow> invitation) {
        return invitation.filter(i -> i.statusValue() != InvitationStatus.SUPPRESSED)
                .orElseThrow(() -> DomainException.notFound("survey_not_found", "No survey has this link."));
    }

    private static DomainException invalidAnswer(String field, String message) {
        return new DomainException(422, "invalid_answer", message,
                List.of(new io.closeloop.service.api.ErrorBody.FieldProblem(field, message)));
    }

    private static boolean looksLikeToken(String token) {
        return token != null && token.length() >= 16 && token.length() <= 64 && token.matches("[A-Za-z0-9_-]+");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
