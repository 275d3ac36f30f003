package io.closeloop.service.inbound;

import io.closeloop.channels.Channel;
import io.closeloop.channels.InboundHandler;
import io.closeloop.channels.InboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.Reply;
import io.closeloop.channels.sms.SmsKeywords;
import io.closeloop.service.customer.AddressErasure;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.db.Transactions;
import io.closeloop.service.survey.ChatSurveys;
import io.closeloop.service.survey.InvitationRow;
import io.closeloop.service.i18n.Messages;
import io.closeloop.service.i18n.SupportedLocales;
import io.closeloop.service.survey.SurveyDao;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flow for every chat channel. A message is handled once per (channel, account, external id): the
 * reply is stored with it, so a retried webhook gets the same reply and changes nothing. Routing: opt-out,
 * opt-in and help keywords first; then an answer to the survey in progress on that channel; otherwise the
 * {@link ConversationHandler}. Everything a message changes is committed in one transaction with its record.
 */
public final class ConversationEngine implements InboundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationEngine.class);

    private final Jdbi jdbi;
    private final ChatSurveys surveys;
    private final ConversationHandler fallback;
    private final Messages messages;
    private final Map<String, Map<String, String>> menu;
    private final Clock clock;

    /** @param menu replies to WeChat menu clicks, by EventKey and content locale */
    public ConversationEngine(Jdbi jdbi, ChatSurveys surveys, ConversationHandler fallback, Messages messages,
            Map<String, Map<String, String>> menu, Clock clock) {
        this.jdbi = jdbi;
        this.surveys = surveys;
        this.fallback = fallback;
        this.messages = messages;
        this.menu = Map.copyOf(menu);
        this.clock = clock;
    }

    @Override
    public Optional<Reply> handle(InboundMessage message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String channel = message.channel().wireName();
        String account = message.account() == null ? "" : message.account();
        Optional<String> reply = Transactions.retrying(jdbi, handle -> {
            InboundDao inbound = handle.attach(InboundDao.class);
            Optional<InboundDao.Handled> seen = inbound.find(channel, account, message.externalId());
            if (seen.isPresent()) {
                LOG.info("{} message {} was handled before; answering as then", channel, message.externalId());
                return Optional.ofNullable(seen.get().reply());
            }
            inbound.insert(channel, account, message.externalId(), message.from(), limit(message.text()),
                    message.receivedAt().truncatedTo(ChronoUnit.SECONDS));
            Optional<String> answer = route(handle, message, now);
            inbound.markHandled(channel, account, message.externalId(), answer.orElse(null), now);
            return answer;
        });
        return reply.map(Reply::new);
    }

    private Optional<String> route(Handle handle, InboundMessage message, Instant now) {
        String channel = message.channel().wireName();
        CustomerDao customers = handle.attach(CustomerDao.class);
        InboundDao inbound = handle.attach(InboundDao.class);
        String locale = inbound.customerLocale(channel, message.from()).orElseGet(() -> guessLocale(
                hasWords(message.text()) ? message.text() : inbound.earlierBodies(channel, message.from(),
                        message.externalId()).stream().filter(ConversationEngine::hasWords).findFirst().orElse("")));
        if (message.channel() == Channel.WECHAT) {
            Optional<Optional<String>> wechat = wechatSpecific(handle, message, locale, now);
            if (wechat.isPresent()) {
                return wechat.get();
            }
        }
        boolean optedOut = customers.isAddressOptedOut(channel, message.from());
        if (message.channel() == Channel.SMS) {
            switch (SmsKeywords.classify(message.text())) {
                case OPT_OUT -> {
                    if (optedOut) {
                        return Optional.empty();
                    }
                    customers.recordConsent(channel, message.from(), true, "sms:keyword", now);
                    LOG.info("{} opted out by SMS keyword", PersonalData.mask(message.from()));
                    return Optional.of(messages.get(locale, "sms.opt_out"));
                }
                case OPT_IN -> {
                    if (optedOut) {
                        customers.recordConsent(channel, message.from(), false, "sms:keyword", now);
                        LOG.info("{} opted back in by SMS keyword", PersonalData.mask(message.from()));
                    }
                    return Optional.of(messages.get(locale, "sms.opt_in"));
                }
                case HELP -> {
                    return Optional.of(messages.get(locale, "sms.help"));
                }
                case NONE -> {
                    // not a keyword: an answer or a conversation
                }
            }
        }
        if (optedOut) {
            return Optional.empty();
        }
        SurveyDao surveyDao = handle.attach(SurveyDao.class);
        Optional<InvitationRow> survey = surveyDao.lockLatestChatSurvey(channel, message.from());
        if (survey.isPresent()) {
            InvitationRow invitation = survey.get();
            if (!invitation.isExpiredAt(now)) {
                return Optional.of(surveys.answer(surveyDao, invitation, message.text(), now));
            }
            if (surveyDao.markClosedNotice(invitation.id(), now) == 1) {
                return Optional.of(surveys.closed(invitation.locale()));
            }
        }
        return fallback.reply(handle, message, locale, now);
    }

    /**
     * Events and the message types WeChat sends besides text; empty when the message is text (or a voice
     * message WeChat recognised) and takes the common route.
     */
    private Optional<Optional<String>> wechatSpecific(Handle handle, InboundMessage message, String locale, Instant now) {
        String type = message.attributes().getOrDefault("MsgType", "text");
        String channel = message.channel().wireName();
        if (type.equals("event")) {
            String event = message.attributes().getOrDefault("Event", "");
            switch (event) {
                case "subscribe" -> {
                    String welcome = messages.get(locale, "wechat.welcome");
                    SurveyDao dao = handle.attach(SurveyDao.class);
                    Optional<InvitationRow> survey = dao.lockLatestChatSurvey(channel, message.from())
                            .filter(invitation -> !invitation.isExpiredAt(now));
                    return Optional.of(Optional.of(survey.map(invitation -> welcome + separator(locale)
                            + surveys.resume(dao, invitation)).orElse(welcome)));
                }
                case "unsubscribe" -> {
                    handle.attach(AddressErasure.class).erase(channel, message.from());
                    LOG.info("Erased the WeChat address {} after it unsubscribed", PersonalData.mask(message.from()));
                    return Optional.of(Optional.empty());
                }
                case "CLICK" -> {
                    Map<String, String> replies = menu.getOrDefault(message.attributes().getOrDefault("EventKey", ""), Map.of());
                    String reply = replies.getOrDefault(SupportedLocales.contentLocale(locale), replies.get(SupportedLocales.ENGLISH));
                    return Optional.of(Optional.ofNullable(reply));
                }
                default -> {
                    return Optional.of(Optional.empty());
                }
            }
        }
        if (type.equals("text") || type.equals("voice") && !message.text().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(messages.get(locale, "wechat.unsupported")));
    }

    private static String separator(String locale) {
        return SupportedLocales.CHINESE.equals(SupportedLocales.contentLocale(locale)) ? "" : " ";
    }

    /** Whether a text says anything about its language: "1" or "?" does not. */
    private static boolean hasWords(String text) {
        return text.codePoints().anyMatch(Character::isLetter);
    }

    /** Chinese characters in the text suggest a Chinese reply; otherwise English. */
    static String guessLocale(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                ? SupportedLocales.CHINESE : SupportedLocales.ENGLISH;
    }

    private static String limit(String text) {
        return text.length() <= 1600 ? text : text.substring(0, 1600);
    }
}
