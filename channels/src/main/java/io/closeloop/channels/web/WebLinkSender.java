package io.closeloop.channels.web;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web-link channel. A web survey needs no carrier: the integrating shop shows or e-mails the link it got
 * from the purchase API. This sender notes in the log that a link is ready, without the link's token.
 */
public final class WebLinkSender implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebLinkSender.class);

    @Override
    public Channel channel() {
        return Channel.WEB;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        if (message.link().isEmpty()) {
            return SendResult.permanent("no_link", "the web channel can only deliver messages that carry a link");
        }
        // The link's last part is the survey's credential: the log shows only enough of it to tell links apart.
        String link = message.link().get().toString();
        int token = link.lastIndexOf('/') + 1;
        LOG.info("Web link for customer {} [{}]: {}", PersonalData.mask(message.to()), message.idempotencyKey(),
                link.substring(0, Math.min(link.length(), token + 4)) + "…");
        return SendResult.accepted(message.idempotencyKey());
    }
}
