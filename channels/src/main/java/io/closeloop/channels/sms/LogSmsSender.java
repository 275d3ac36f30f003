package io.closeloop.channels.sms;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** For development: "sends" a text by writing it to the log, with the number masked. */
public final class LogSmsSender implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(LogSmsSender.class);

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        LOG.info("SMS to {} ({} segment(s)): {}", PersonalData.mask(message.to()), SmsSegments.segments(message.text()),
                message.text());
        return SendResult.accepted("log-" + message.idempotencyKey());
    }
}
