package io.closeloop.channels.sms;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.PersonalData;
import io.closeloop.channels.SendResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For development: "sends" a text without Twilio. The log says that a text went out, to whom (masked) and how
 * long it was; what it said (names, order numbers) goes only to a transcript file next to the database, where a
 * developer playing the customer reads it.
 */
public final class LogSmsSender implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(LogSmsSender.class);

    private final Optional<Path> transcript;
    private final Clock clock;

    /** @param transcript the file texts are appended to, one line each; empty: nowhere */
    public LogSmsSender(Optional<Path> transcript, Clock clock) {
        this.transcript = transcript;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        transcript.ifPresent(file -> append(file, clock.instant() + " to " + message.to() + ": "
                + message.text().replace("\r", " ").replace("\n", " ") + System.lineSeparator()));
        LOG.info("SMS to {} ({} segment(s), {} characters){}", PersonalData.mask(message.to()),
                SmsSegments.segments(message.text()), message.text().codePointCount(0, message.text().length()),
                transcript.map(file -> ": its text is in " + file).orElse(""));
        return SendResult.accepted("log-" + message.idempotencyKey());
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Cannot write the SMS transcript {}: {}", file, e.getMessage());
        }
    }
}
