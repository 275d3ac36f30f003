package io.closeloop.service.outbox;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.db.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * The domain's sender for a paced channel: it only puts the message in the durable queue, once per
 * idempotency key, and the {@link OutboxWorker} delivers it. "Accepted" here means "queued".
 */
public final class OutboxSender implements MessageSender {

    private final Channel channel;
    private final String sender;
    private final Jdbi jdbi;
    private final Clock clock;

    /** @param sender the number or service the channel sends from; pacing is per sender */
    public OutboxSender(Channel channel, String sender, Jdbi jdbi, Clock clock) {
        this.channel = channel;
        this.sender = sender;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long id = Transactions.retrying(jdbi, handle -> {
            OutboxDao outbox = handle.attach(OutboxDao.class);
            if (!outbox.exists(message.idempotencyKey())) {
                outbox.insert(message.idempotencyKey(), channel.wireName(), sender, message.to(), message.text(),
                        message.locale(), now);
            }
            return outbox.byKey(message.idempotencyKey()).orElseThrow().id();
        });
        return SendResult.accepted("outbox:" + id);
    }
}
