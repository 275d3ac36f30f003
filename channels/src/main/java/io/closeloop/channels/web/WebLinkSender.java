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
 * from the purchase API. This sender records the link in the log so an operator can hand it on.
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
        LOG.info("Web link for customer {} [{}]: {}", PersonalData.mask(message.to()), message.idempotencyKey(),
                message.link().get());
        return SendResult.accepted(message.idempotencyKey());
    }
}
