package io.closeloop.service.outbox;

import io.closeloop.channels.PersonalData;
import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryLookup;
import io.closeloop.channels.DeliveryStatus;
import io.closeloop.channels.DeliveryStatusListener;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.customer.CustomerDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbound queue through the channels' real senders, at most one message per sender per pace
 * interval across all instances (a slot is taken with a conditional update in {@code sender_pace}).
 *
 * <p>Duplicates are worse than a late message. A send whose outcome is unknown (a timeout or a 5xx after the
 * request left) is never simply repeated: the row is marked {@code unknown}, and the next attempt first asks
 * the channel ({@link DeliveryLookup}) whether it has the message; only when the channel says it does not is
 * it sent again. The claim itself marks the row {@code sending}, so a row whose worker died mid-send (kill -9,
 * a crash, a lost machine) is treated the same way once its lease runs out. Failures that certainly did not
 * create a message (connection refused, 429) are retried with backoff. A recipient who opted out at the
 * channel (Twilio 21610) is recorded as opted out.
 *
 * <p>{@link #stop()} claims nothing more at once: only the send in progress is finished and recorded.
 */
public final class OutboxWorker implements Managed, DeliveryStatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(30);

    /** Told how queued messages end, by their idempotency keys. */
    @FunctionalInterface
    public interface Outcomes {
        /** Given up for good: failed, or its recipient opted out ({@code suppressed}). */
        void undeliverable(String idempotencyKey, String status, String reason);

        /** The channel took the message (or already had it). */
        default void sent(String idempotencyKey, String providerMessageId) {
        }
    }

    /** How the worker runs. */
    public record Settings(Duration pollInterval, int batchSize, Duration lease, int maxAttempts, Duration pace) {
    }

    private final Jdbi jdbi;
    private final Map<Channel, MessageSender> channels;
    private final Clock clock;
    private final Settings settings;
    private final Outcomes outcomes;
    private final String owner = "outbox-" + UUID.randomUUID().toString().substring(0, 13);
    private ScheduledExecutorService executor;
    private volatile boolean stopping;

    public OutboxWorker(Jdbi jdbi, Map<Channel, MessageSender> channels, Clock clock, Settings settings) {
        this(jdbi, channels, clock, settings, (key, status, reason) -> { });
    }

    public OutboxWorker(Jdbi jdbi, Map<Channel, MessageSender> channels, Clock clock, Settings settings,
            Outcomes outcomes) {
        this.jdbi = jdbi;
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        this.settings = settings;
        this.outcomes = outcomes;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-worker");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.error("Outbox run failed; it will try again", PersonalData.scrub(e));
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** From now on claims nothing more; the send in progress goes on. */
    public void stopClaiming() {
        if (!stopping) {
            stopping = true;
            LOG.info("Stopping: no more outbound messages are claimed");
        }
    }

    /** Claims nothing more, finishes the send in progress (waiting at most 10 s for it) and ends the loop. */
    @Override
    public void stop() throws InterruptedException {
        stopClaiming();
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** One pass over the due messages; returns how many the channels accepted. */
    public int runOnce() {
        Instant now = clock.instant();
        List<OutboundRow> due = jdbi.withExtension(OutboxDao.class, dao -> dao.due(now, settings.batchSize()));
        Set<String> pacedOut = new HashSet<>();
        int accepted = 0;
        for (OutboundRow row : due) {
            if (stopping) {
                break;
            }
            if (pacedOut.contains(row.sender())) {
                continue;
            }
            if (!takeSlot(row.sender())) {
                pacedOut.add(row.sender());
                continue;
            }
            accepted += deliver(row) ? 1 : 0;
        }
        return accepted;
    }

    private boolean takeSlot(String sender) {
        long nowMs = clock.millis();
        long next = nowMs + settings.pace().toMillis();
        return jdbi.inTransaction(handle -> {
            OutboxDao dao = handle.attach(OutboxDao.class);
            if (dao.takeSlot(sender, nowMs, next) == 1) {
                return true;
            }
            if (dao.hasPace(sender)) {
                return false;
            }
            try {
                dao.firstSlot(sender, next);
                return true;
            } catch (RuntimeException raced) {
                return false;
            }
        });
    }

    private boolean deliver(OutboundRow row) {
        Instant now = seconds();
        if (jdbi.withExtension(OutboxDao.class,
                dao -> dao.claim(row.id(), row.status(), owner, now, now.plus(settings.lease()))) == 0) {
            return false;
        }
        // Unknown: the last attempt's answer was lost; sending: its worker stopped before recording one.
        boolean mayHaveArrived = !"queued".equals(row.status());
        Channel channel = Channel.fromWireName(row.channel()).orElseThrow();
        MessageSender sender = channels.get(channel);
        if (sender == null) {
            release(row, mayHaveArrived ? "unknown" : "queued", "no_sender",
                    "no sender is configured for the " + channel + " channel");
            return false;
        }
        if (row.attempts() + 1 > settings.maxAttempts()) {
            finish(row, "failed", null, "gave up after " + settings.maxAttempts() + " attempts");
            return false;
        }
        if (jdbi.withExtension(CustomerDao.class, dao -> dao.isAddressOptedOut(row.channel(), row.toAddress()))) {
            finish(row, "suppressed", null, "the recipient opted out");
            return false;
        }
        OutboundMessage message = new OutboundMessage(channel, row.toAddress(), row.body(), Optional.empty(),
                row.locale(), row.idempotencyKey());
        if (mayHaveArrived) {
            if ("sending".equals(row.status())) {
                LOG.warn("Outbound {}: the worker that was sending it stopped before recording the outcome; "
                        + "asking the channel before any new attempt", row.id());
            }
            Optional<Optional<String>> found = lookup(sender, message, row.createdAt());
            if (found.isEmpty()) {
                release(row, "unknown", "lookup_failed", "could not ask the channel about an earlier attempt");
                return false;
            }
            if (found.get().isPresent()) {
                LOG.info("Outbound {}: the channel has the earlier attempt ({}); not sending again", row.id(), found.get().get());
                jdbi.useExtension(OutboxDao.class, dao -> dao.markSent(row.id(), owner, found.get().get(), seconds()));
                outcomes.sent(row.idempotencyKey(), found.get().get());
                return true;
            }
            LOG.info("Outbound {}: the channel does not have the earlier attempt; sending again", row.id());
        }
        SendResult result = send(sender, message, row.id());
        String code = result.errorCode().orElse(null);
        switch (result.outcome()) {
            case ACCEPTED -> {
                jdbi.useExtension(OutboxDao.class,
                        dao -> dao.markSent(row.id(), owner, result.providerMessageId().orElse(null), seconds()));
                outcomes.sent(row.idempotencyKey(), result.providerMessageId().orElse(null));
                return true;
            }
            case RETRYABLE_FAILURE -> release(row, "queued", code, result.detail());
            case OUTCOME_UNKNOWN -> {
                LOG.warn("Outbound {}: outcome unknown ({}); the channel will be asked before any new attempt",
                        row.id(), code);
                release(row, "unknown", code, result.detail());
            }
            case PERMANENT_FAILURE -> finish(row, "failed", code, result.detail());
            case RECIPIENT_OPTED_OUT -> {
                Instant at = seconds();
                jdbi.useTransaction(handle -> handle.attach(CustomerDao.class)
                        .recordConsent(row.channel(), row.toAddress(), true, row.channel() + ":provider-" + code, at));
                finish(row, "suppressed", code, result.detail());
            }
        }
        return false;
    }

    private static SendResult send(MessageSender sender, OutboundMessage message, long id) {
        try {
            return sender.send(message);
        } catch (RuntimeException e) {
            LOG.warn("Outbound {}: the {} sender failed", id, sender.channel(), PersonalData.scrub(e));
            return SendResult.unknown("exception", e.getClass().getSimpleName());
        }
    }

    /** Empty when the channel cannot tell; otherwise whether (and under which id) it has the message. */
    private static Optional<Optional<String>> lookup(MessageSender sender, OutboundMessage message, Instant since) {
        if (!(sender instanceof DeliveryLookup lookup)) {
            // A channel that cannot be asked is not sent to twice.
            return Optional.of(Optional.of("unverifiable"));
        }
        try {
            return Optional.of(lookup.findAccepted(message, since));
        } catch (RuntimeException e) {
            LOG.warn("Outbound lookup failed: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public void onStatus(Channel channel, String providerMessageId, DeliveryStatus status, Optional<String> errorCode) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<OutboundRow> row = jdbi.withExtension(OutboxDao.class,
                    dao -> dao.byProviderId(channel.wireName(), providerMessageId));
            if (row.isEmpty()) {
                LOG.info("Status {} for a message Closeloop does not know", status.wireName());
                return;
            }
            String seen = row.get().providerStatus();
            Optional<DeliveryStatus> current = DeliveryStatus.fromWireName(seen);
            if (current.isPresent() && !current.get().mayMoveTo(status)) {
                return;
            }
            Instant now = seconds();
            if (jdbi.withExtension(OutboxDao.class, dao -> dao.updateProviderStatus(row.get().id(),
                    seen == null ? "" : seen, status.wireName(), errorCode.orElse(null), now)) == 1) {
                return;
            }
        }
    }

    private void release(OutboundRow row, String status, String code, String error) {
        Instant retryAt = seconds().plus(backoff(row.attempts() + 1));
        jdbi.useExtension(OutboxDao.class, dao -> dao.release(row.id(), owner, status, retryAt, code, trim(error)));
    }

    private void finish(OutboundRow row, String status, String code, String error) {
        jdbi.useExtension(OutboxDao.class, dao -> dao.finish(row.id(), owner, status, code, trim(error)));
        LOG.info("Outbound {} ends {}{}", row.id(), status, error == null ? "" : ": " + PersonalData.scrub(error));
        outcomes.undeliverable(row.idempotencyKey(), status, trim((code == null ? "" : code + ": ") + (error == null ? "" : error)));
    }

    private static Duration backoff(int attempt) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 10));
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    private static String trim(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    private Instant seconds() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
