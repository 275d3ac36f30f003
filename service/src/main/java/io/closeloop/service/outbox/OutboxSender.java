package io.closeloop.service.outbox;

import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryLookup;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.db.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The domain's sender for a paced channel: it only puts the message in the durable queue, once per
 * idempotency key, and the {@link OutboxWorker} delivers it. "Accepted" here means "queued"; asked about an
 * earlier attempt, it tells whether the queue has a message with that key.
 */
public final class OutboxSender implements MessageSender, DeliveryLookup {

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

    @Override
    public Optional<String> findAccepted(OutboundMessage message, Instant since) {
        return jdbi.withExtension(OutboxDao.class, outbox -> outbox.byKey(message.idempotencyKey()))
                .map(row -> "outbox:" + row.id());
    }
}
