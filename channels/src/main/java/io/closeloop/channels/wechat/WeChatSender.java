package io.closeloop.channels.wechat;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.SendResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to a WeChat customer: as a customer-service message while the 48-hour window since their last message
 * is open; outside it (WeChat answers 45015) as the configured template message carrying the text and the
 * message's link, if any (the result's message id is then {@link #TEMPLATE}); with no template configured, not
 * at all, and the result says why.
 */
public final class WeChatSender implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(WeChatSender.class);
    /** The message id of a send that went out as a template message. */
    public static final String TEMPLATE = "template";

    /**
     * A template message: its id and its fields, whose values may use {@code {message}} (the text) and
     * {@code {link}} (the message's link).
     */
    public record Template(String id, Map<String, String> fields) {
        public Template {
            fields = Map.copyOf(fields);
        }
    }

    private final WeChatApi api;
    private final Optional<Template> template;

    public WeChatSender(WeChatApi api, Optional<Template> template) {
        this.api = api;
        this.template = template;
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            api.sendText(message.to(), message.text());
            return SendResult.accepted(null);
        } catch (WeChatApi.ApiException e) {
            if (!e.outsideServiceWindow()) {
                return e.code() == -1 ? SendResult.retryable("-1", "WeChat is busy")
                        : SendResult.permanent(String.valueOf(e.code()), e.getMessage());
            }
        } catch (WeChatApi.UnreachableException e) {
            return SendResult.unknown("unreachable", "WeChat's API did not answer");
        }
        if (template.isEmpty()) {
            LOG.info("Not sent to {}: outside the 48-hour window and no template message configured",
                    PersonalData.mask(message.to()));
            return SendResult.permanent("outside_window",
                    "the customer last wrote more than 48 hours ago and no template message is configured");
        }
        Map<String, String> data = new LinkedHashMap<>();
        String link = message.link().map(Object::toString).orElse(null);
        template.get().fields().forEach((name, value) -> data.put(name,
                value.replace("{message}", message.text()).replace("{link}", link == null ? "" : link).strip()));
        try {
            api.sendTemplate(message.to(), template.get().id(), link, data);
            return SendResult.accepted(TEMPLATE);
        } catch (WeChatApi.ApiException e) {
            return SendResult.permanent(String.valueOf(e.code()), e.getMessage());
        } catch (WeChatApi.UnreachableException e) {
            return SendResult.unknown("unreachable", "WeChat's API did not answer");
        }
    }
}
