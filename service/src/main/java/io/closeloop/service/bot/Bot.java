package io.closeloop.service.bot;

import io.closeloop.service.conversation.ConversationDao;
import io.closeloop.service.conversation.ConversationState;
import io.closeloop.service.ticket.TicketIntakeDao;
import io.closeloop.service.ticket.BusinessHours;
import io.closeloop.service.ticket.TicketDao;
import io.closeloop.service.ticket.TicketWork;
import io.closeloop.service.ticket.Tickets;
import io.closeloop.service.ticket.WaitEstimate;

import io.closeloop.channels.InboundMessage;
import io.closeloop.nlp.Language;
import io.closeloop.nlp.NlpModels;
import io.closeloop.nlp.intent.IntentScore;
import io.closeloop.nlp.sentiment.AspectMention;
import io.closeloop.nlp.sentiment.SentimentResult;
import io.closeloop.service.inbound.ConversationHandler;
import io.closeloop.service.nlp.Faq;
import io.closeloop.service.survey.AnswerParser;
import io.closeloop.service.i18n.LocalizedText;
import io.closeloop.service.i18n.Messages;
import io.closeloop.service.survey.ParsedAnswer;
import io.closeloop.service.survey.Question;
import io.closeloop.service.survey.QuestionType;
import java.util.Map;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The bot on every chat channel. It answers from the FAQ when the matcher is sure; when two intents are close
 * it asks which one, as a numbered choice; otherwise it says it did not understand. It hands the conversation
 * to people (a ticket) when the customer asks for one, complains, writes something clearly negative that the
 * FAQ cannot answer, was a detractor recently, or after two misses in a row; the customer is told roughly when
 * a person will answer.
 * While that ticket is open the bot stays silent and the customer's messages join the ticket.
 */
public final class Bot implements ConversationHandler {
    private static final int MISSES_BEFORE_HANDOFF = 2;
    private static final String SERVICE = "service";
    /** At or below this a message the FAQ cannot answer reads as a complaint rather than a question. */
    private static final double NEGATIVE_ENOUGH = -0.4;
    private static final Question FOLLOWUP_QUESTION = new Question("followup", QuestionType.RATING,
            LocalizedText.of("Did we solve your problem?", "您的问题解决了吗？"), Map.of(), List.of());

    private final Faq faq;
    private final NlpModels models;
    private final Messages messages;
    private final ConversationHandler noFaq;
    private final Tickets tickets;
    private final WaitEstimate wait;
    private final AnswerParser parser;

    /** @param noFaq what answers while there is no FAQ to answer from */
    public Bot(Faq faq, NlpModels models, Messages messages, ConversationHandler noFaq, Tickets tickets,
               BusinessHours hours, Duration firstResponse, AnswerParser parser) {
        this.faq = faq;
        this.models = models;
        this.messages = messages;
        this.noFaq = noFaq;
        this.tickets = tickets;
        this.wait = new WaitEstimate(hours, firstResponse, messages);
        this.parser = parser;
    }

    @Override
    public Optional<String> reply(Handle handle, InboundMessage message, String locale, Instant now) {
        String channel = message.channel().wireName();
        String address = message.from();
        ConversationDao dao = handle.attach(ConversationDao.class);
        ConversationDao.ConversationRow conversation = dao.lockOrCreate(channel, address, now);
        String text = message.text().strip();
        if ((ConversationState.WAITING.equals(conversation.state()) || ConversationState.WITH_AGENT.equals(conversation.state()))
                && conversation.ticketId() != null) {
            Optional<String> status = handle.attach(TicketIntakeDao.class).ticketStatus(conversation.ticketId()).filter(Bot::open);
            if (status.isPresent()) {
                if (status.get().equals("pending_customer")) {
                    handle.attach(TicketDao.class).setStatus(conversation.ticketId(), "open", now);
                }
                return Optional.empty();
            }
        }
        if (ConversationState.FOLLOWUP.equals(conversation.state()) && conversation.ticketId() != null) {
            Optional<Integer> score = oneToFive(text);
            if (score.isPresent()) {
                String reply = TicketWork.followupAnswered(handle, messages, conversation.ticketId(), score.get(),
                        locale, now);
                if (score.get() > 2) {
                    dao.update(channel, address, ConversationState.BOT, 0, null, null, now);
                }
                return Optional.of(reply);
            }
            dao.update(channel, address, ConversationState.BOT, 0, null, null, now);
        }
        Turn turn = new Turn(handle, message, locale, now);
        if (HandoffWords.asksForHuman(text)) {
            return Optional.of(turn.handoff("asked_for_human", Tickets.NORMAL));
        }
        Optional<String> chosen = choice(conversation, text).flatMap(intent -> faq.answerOf(intent, locale));
        if (chosen.isPresent()) {
            dao.update(channel, address, ConversationState.BOT, 0, null, null, now);
            return chosen;
        }
        if (HandoffWords.complains(text)) {
            return Optional.of(turn.handoff("complaint", Tickets.HIGH));
        }
        if (tickets.recentDetractor(handle, turn.customerId(), now)) {
            return Optional.of(turn.handoff("recent_detractor", Tickets.NORMAL));
        }
        if (!faq.trained()) {
            return turn.negativeBelow(NEGATIVE_ENOUGH) ? Optional.of(turn.handoff("negative_sentiment", Tickets.HIGH))
                    : noFaq.reply(handle, message, locale, now);
        }
        Faq.Answer answer = faq.classify(text, Optional.of(locale));
        boolean confident = !answer.ambiguous() && !answer.outOfScope() && answer.answer() != null;
        // A question the FAQ answers with confidence is answered whatever its sentiment: the models read short
        // questions ("Why is shipping so expensive", "怎么退货") as very negative. Anger shows in complaint words.
        if (!confident && turn.negativeBelow(NEGATIVE_ENOUGH)) {
            // Unhappy and not a question the bot knows: a person, rather than "please rephrase".
            return Optional.of(turn.handoff("negative_sentiment", Tickets.HIGH));
        }
        if (answer.ambiguous()) {
            List<String> options = new ArrayList<>();
            if (answer.intent() != null) {
                options.add(answer.intent());
            }
            for (IntentScore alternative : answer.alternatives()) {
                if (options.size() < 2) {
                    options.add(alternative.intent());
                }
            }
            StringBuilder reply = new StringBuilder(messages.get(locale, "bot.choose"));
            for (int i = 0; i < options.size(); i++) {
                reply.append('\n').append(i + 1).append(". ").append(faq.exampleOf(options.get(i), locale).orElse(options.get(i)));
            }
            dao.update(channel, address, ConversationState.BOT, conversation.misses(), String.join("|", options), null, now);
            return Optional.of(reply.toString());
        }
        if (!answer.outOfScope() && answer.answer() != null) {
            dao.update(channel, address, ConversationState.BOT, 0, null, null, now);
            return Optional.of(answer.answer());
        }
        int misses = conversation.misses() + 1;
        if (misses >= MISSES_BEFORE_HANDOFF) {
            return Optional.of(turn.handoff("not_understood", Tickets.LOW));
        }
        dao.update(channel, address, ConversationState.BOT, misses, null, null, now);
        return Optional.of(messages.get(locale, "bot.not_sure"));
    }

    /** One message's facts that are worked out at most once, and only when needed. */
    private final class Turn {
        private final Handle handle;
        private final InboundMessage message;
        private final String locale;
        private final Instant now;
        private Optional<SentimentResult> sentiment;
        private Optional<Long> customerId;

        Turn(Handle handle, InboundMessage message, String locale, Instant now) {
            this.handle = handle;
            this.message = message;
            this.locale = locale;
            this.now = now;
        }

        boolean negativeBelow(double threshold) {
            return sentiment().filter(result -> result.score() <= threshold).isPresent();
        }

        /** The message's sentiment once the models are loaded. */
        Optional<SentimentResult> sentiment() {
            if (sentiment == null) {
                sentiment = models.sentiment().map(analyzer ->
                        analyzer.analyze(message.text().strip(), Optional.<Language>empty()));
            }
            return sentiment;
        }

        Long customerId() {
            if (customerId == null) {
                customerId = handle.attach(ConversationDao.class).customerOf(message.channel().wireName(), message.from());
            }
            return customerId.orElse(null);
        }

        /** Opens the ticket (its topic the first aspect the message is about) and tells the customer what next. */
        String handoff(String reason, int severity) {
            // "Service" is also in the very words that ask for a person ("人工客服", "customer service"): a more
            // specific aspect wins, and a request for a person is not about service by itself.
            List<String> aspects = sentiment().map(result -> result.aspects().stream().map(AspectMention::aspect)
                    .distinct().toList()).orElse(List.of());
            String topic = aspects.stream().filter(a -> !a.equals(SERVICE)).findFirst()
                    .orElse(aspects.contains(SERVICE) && !reason.equals("asked_for_human") ? SERVICE : Tickets.GENERAL);
            tickets.open(handle, new Tickets.Trigger(customerId(), message.channel().wireName(), message.from(),
                    locale, reason, message.text().strip(), topic, severity), now);
            return messages.get(locale, "bot.handoff", wait.phrase(handle, locale, now));
        }
    }

    /** The intent a customer picked by number from the options the bot offered, if the text is such a number. */
    private static Optional<String> choice(ConversationDao.ConversationRow conversation, String text) {
        if (conversation.choices() == null) {
            return Optional.empty();
        }
        String digits = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("[\\s.。)）]", "");
        String[] options = conversation.choices().split("\\|");
        for (int i = 0; i < options.length; i++) {
            if (digits.equals(String.valueOf(i + 1))) {
                return Optional.of(options[i]);
            }
        }
        return Optional.empty();
    }

    /** The follow-up's 1–5 answer, read by the survey's own parser ("5", "５", "五", "4分", "five"). */
    private Optional<Integer> oneToFive(String text) {
        return parser.parse(FOLLOWUP_QUESTION, text) instanceof ParsedAnswer.Score score
                ? Optional.of(score.value()) : Optional.empty();
    }

    private static boolean open(String status) {
        return !status.equals("resolved") && !status.equals("closed");
    }
}
