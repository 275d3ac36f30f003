package io.closeloop.service.bot;

import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.nlp.Language;
import io.closeloop.nlp.NlpModels;
import io.closeloop.nlp.intent.IntentScore;
import io.closeloop.nlp.sentiment.SentimentResult;
import io.closeloop.service.conversation.ConversationHandler;
import io.closeloop.service.nlp.Faq;
import io.closeloop.service.survey.AnswerParser;
import io.closeloop.service.survey.LocalizedText;
import io.closeloop.service.survey.Messages;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot on every chat channel. It answers from the FAQ when the matcher is sure; when two intents are close
 * it asks which one, as a numbered choice; otherwise it says it did not understand. It hands the conversation
 * to people (a ticket) when the customer asks for one, after two misses in a row, or when the message is
 * clearly negative; while that ticket is open it stays silent and the customer's messages join the ticket.
 */
public final class Bot implements ConversationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Bot.class);
    static final String BOT = "bot";
    static final String WAITING = "waiting_for_agent";
    private static final int MISSES_BEFORE_HANDOFF = 2;
    /** Below this a message reads as an angry complaint (FAQ questions about late parcels score about -0.3). */
    private static final double NEGATIVE_ENOUGH = -0.4;
    private static final Question FOLLOWUP_QUESTION = new Question("followup", QuestionType.RATING,
            LocalizedText.of("Did we solve your problem?", "您的问题解决了吗？"), Map.of(), List.of());

    private final Faq faq;
    private final NlpModels models;
    private final Messages messages;
    private final ConversationHandler noFaq;
    private final Duration firstResponse;
    private final AnswerParser parser;

    /** @param noFaq what answers while there is no FAQ to answer from */
    public Bot(Faq faq, NlpModels models, Messages messages, ConversationHandler noFaq, Duration firstResponse,
               AnswerParser parser) {
        this.faq = faq;
        this.models = models;
        this.messages = messages;
        this.noFaq = noFaq;
        this.firstResponse = firstResponse;
        this.parser = parser;
    }

    @Override
    public Optional<String> reply(Handle handle, InboundMessage message, String locale, Instant now) {
        String channel = message.channel().wireName();
        String address = message.from();
        BotDao dao = handle.attach(BotDao.class);
        BotDao.ConversationRow conversation = dao.lock(channel, address).orElseGet(() -> {
            dao.create(channel, address, now);
            return dao.lock(channel, address).orElseThrow();
        });
        String text = message.text().strip();
        if (WAITING.equals(conversation.state()) && conversation.ticketId() != null) {
            Optional<String> status = dao.ticketStatus(conversation.ticketId()).filter(Bot::open);
            if (status.isPresent()) {
                if (status.get().equals("pending_customer")) {
                    handle.attach(TicketDao.class).setStatus(conversation.ticketId(), "open", now);
                }
                return Optional.empty();
            }
        }
        if (TicketWork.FOLLOWUP.equals(conversation.state()) && conversation.ticketId() != null) {
            Optional<Integer> score = oneToFive(text);
            if (score.isPresent()) {
                String reply = TicketWork.followupAnswered(handle, messages, conversation.ticketId(), score.get(),
                        locale, now);
                if (score.get() > 2) {
                    dao.update(channel, address, BOT, 0, null, null, now);
                }
                return Optional.of(reply);
            }
            dao.update(channel, address, BOT, 0, null, null, now);
        }
        if (HumanRequest.matches(text)) {
            return Optional.of(handoff(dao, message, locale, "asked_for_human", now));
        }
        Optional<String> chosen = choice(conversation, text).flatMap(intent -> faq.answerOf(intent, locale));
        if (chosen.isPresent()) {
            dao.update(channel, address, BOT, 0, null, null, now);
            return chosen;
        }
        if (clearlyNegative(text)) {
            return Optional.of(handoff(dao, message, locale, "negative_sentiment", now));
        }
        if (!faq.trained()) {
            return noFaq.reply(handle, message, locale, now);
        }
        Faq.Answer answer = faq.classify(text, Optional.of(locale));
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
            dao.update(channel, address, BOT, conversation.misses(), String.join("|", options), null, now);
            return Optional.of(reply.toString());
        }
        if (!answer.outOfScope() && answer.answer() != null) {
            dao.update(channel, address, BOT, 0, null, null, now);
            return Optional.of(answer.answer());
        }
        int misses = conversation.misses() + 1;
        if (misses >= MISSES_BEFORE_HANDOFF) {
            return Optional.of(handoff(dao, message, locale, "not_understood", now));
        }
        dao.update(channel, address, BOT, misses, null, null, now);
        return Optional.of(messages.get(locale, "bot.not_sure"));
    }

    private String handoff(BotDao dao, InboundMessage message, String locale, String reason, Instant now) {
        String channel = message.channel().wireName();
        Tickets.open(dao.getHandle(), dao.customerOf(channel, message.from()).orElse(null), channel, message.from(),
                locale, reason, message.text().strip(), now);
        return messages.get(locale, "bot.handoff", messages.get(locale, "bot.hours", firstResponse.toHours()));
    }

    /** The intent a customer picked by number from the options the bot offered, if the text is such a number. */
    private static Optional<String> choice(BotDao.ConversationRow conversation, String text) {
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

    private boolean clearlyNegative(String text) {
        return models.sentiment().map(analyzer -> {
            SentimentResult result = analyzer.analyze(text, Optional.<Language>empty());
            return result.score() <= NEGATIVE_ENOUGH;
        }).orElse(false);
    }

    private static boolean open(String status) {
        return !status.equals("resolved") && !status.equals("closed");
    }
}
