package io.closeloop.service.jobs;

import io.closeloop.channels.PersonalData;
import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryLookup;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.config.SchedulerConfig;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.customer.CustomerRow;
import io.closeloop.service.survey.ChatSurveys;
import io.closeloop.service.survey.InvitationRow;
import io.closeloop.service.survey.InvitationStatus;
import io.closeloop.service.i18n.Messages;
import io.closeloop.service.survey.PurchaseRow;
import io.closeloop.service.survey.SchedulingPolicy;
import io.closeloop.service.survey.SurveyDao;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable scheduler. Each run expires what is overdue, then claims due invitations and due reminders
 * with a conditional update (safe with several instances on one database) and hands them to the channel's
 * sender. The claim itself sets the owner and raises the attempt counter, before anything is sent, and every
 * recorded outcome clears the owner: when a worker dies between claim and outcome, the lease runs out and
 * another worker claims a row that still names its old owner. As in the outbound queue, that attempt may have
 * reached the customer, so the channel is asked first ({@link DeliveryLookup}; the queue behind SMS knows its
 * keys) and the message is sent only when the channel does not have it; a channel that cannot be asked
 * (WeChat, the web link) is not sent to twice, and the log says so. {@link #stop()} claims nothing more.
 */
public final class InvitationDispatcher implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(InvitationDispatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final Jdbi jdbi;
    private final Map<Channel, MessageSender> senders;
    private final SchedulingPolicy policy;
    private final Messages messages;
    private final ChatSurveys chatSurveys;
    private final Function<String, String> surveyUrl;
    private final Clock clock;
    private final SchedulerConfig config;
    private final String owner;
    private ScheduledExecutorService executor;
    private volatile boolean stopping;

    public InvitationDispatcher(Jdbi jdbi, List<MessageSender> senders, SchedulingPolicy policy, Messages messages,
            ChatSurveys chatSurveys, Function<String, String> surveyUrl, Clock clock, SchedulerConfig config) {
        this.jdbi = jdbi;
        this.senders = new EnumMap<>(Channel.class);
        senders.forEach(sender -> this.senders.put(sender.channel(), sender));
        this.policy = policy;
        this.messages = messages;
        this.chatSurveys = chatSurveys;
        this.surveyUrl = surveyUrl;
        this.clock = clock;
        this.config = config;
        this.owner = "worker-" + UUID.randomUUID().toString().substring(0, 13);
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "invitation-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.pollInterval().toMilliseconds();
        executor.scheduleWithFixedDelay(this::runSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /** From now on claims nothing more; the send in progress goes on. */
    public void stopClaiming() {
        if (!stopping) {
            stopping = true;
            LOG.info("Stopping: no more invitations or reminders are claimed");
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

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Invitation dispatcher run failed; it will try again", PersonalData.scrub(e));
        }
    }

    /** One pass over due work. Returns how many invitations and reminders went out. */
    public int runOnce() {
        Instant now = now();
        int expired = jdbi.withExtension(SurveyDao.class, dao -> dao.expireDue(now));
        if (expired > 0) {
            LOG.info("Expired {} unanswered surveys", expired);
        }
        int delivered = 0;
        for (String id : jdbi.withExtension(SurveyDao.class, dao -> dao.dueForSending(now, config.batchSize()))) {
            if (stopping) {
                return delivered;
            }
            delivered += sendInvitation(id) ? 1 : 0;
        }
        for (String id : jdbi.withExtension(SurveyDao.class, dao -> dao.dueForReminder(now, config.batchSize()))) {
            if (stopping) {
                return delivered;
            }
            delivered += sendReminder(id) ? 1 : 0;
        }
        return delivered;
    }

    private boolean sendInvitation(String id) {
        Instant now = now();
        Instant leaseUntil = now.plus(config.lease().toJavaDuration());
        Optional<InvitationRow> seen = jdbi.withExtension(SurveyDao.class, dao -> dao.invitation(id));
        if (seen.isEmpty() || jdbi.withExtension(SurveyDao.class,
                dao -> dao.claimForSending(id, seen.get().sendAttempts(), owner, now, leaseUntil)) == 0) {
            return false;
        }
        boolean interrupted = seen.get().claimOwner() != null;
        InvitationRow invitation = jdbi.withExtension(SurveyDao.class, dao -> dao.invitation(id)).orElseThrow();
        if (invitation.sendAttempts() > config.maxAttempts()) {
            finishUnsent(invitation, InvitationStatus.FAILED, null, "gave up after " + config.maxAttempts() + " attempts");
            return false;
        }
        if (invitation.sendAttempts() > 1 && !interrupted) {
            LOG.warn("Invitation {}: attempt {} follows one that failed or whose outcome was unknown; "
                    + "sending again with the same idempotency key", id, invitation.sendAttempts());
        }
        Optional<Target> target = target(invitation);
        if (target.isEmpty()) {
            finishUnsent(invitation, InvitationStatus.SUPPRESSED, "opted_out", null);
            return false;
        }
        String url = surveyUrl.apply(invitation.token());
        String text = isChat(invitation)
                ? chatSurveys.invitation(invitation, target.get().customer().name(), target.get().purchase().orderId())
                : webInvitation(invitation, target.get(), url);
        Optional<SendResult> sent = send(invitation, target.get(), text, url, "invitation",
                interrupted ? Optional.ofNullable(invitation.sendAt()).or(() -> Optional.of(invitation.createdAt())) : Optional.empty());
        if (sent.isEmpty()) {
            return false;
        }
        SendResult result = sent.get();
        Instant sentAt = now();
        return switch (result.outcome()) {
            case ACCEPTED -> {
                ZoneId zone = ZoneId.of(invitation.timeZone());
                Instant remindAt = policy.reminderAt(sentAt, zone).orElse(null);
                jdbi.useExtension(SurveyDao.class,
                        dao -> dao.markSent(id, owner, sentAt, policy.expiresAt(sentAt), remindAt));
                yield true;
            }
            case RETRYABLE_FAILURE, OUTCOME_UNKNOWN -> {
                if (invitation.sendAttempts() >= config.maxAttempts()) {
                    finishUnsent(invitation, InvitationStatus.FAILED, null, describe(result));
                } else {
                    Instant retryAt = sentAt.plus(backoff(invitation.sendAttempts()));
                    jdbi.useExtension(SurveyDao.class, dao -> dao.releaseForRetry(id, owner, retryAt, describe(result)));
                }
                yield false;
            }
            case PERMANENT_FAILURE -> {
                finishUnsent(invitation, InvitationStatus.FAILED, null, describe(result));
                yield false;
            }
            case RECIPIENT_OPTED_OUT -> {
                recordProviderOptOut(invitation, result);
                finishUnsent(invitation, InvitationStatus.SUPPRESSED, "opted_out", describe(result));
                yield false;
            }
        };
    }

    private boolean sendReminder(String id) {
        Instant now = now();
        Instant leaseUntil = now.plus(config.lease().toJavaDuration());
        Optional<InvitationRow> seen = jdbi.withExtension(SurveyDao.class, dao -> dao.invitation(id));
        if (seen.isEmpty() || jdbi.withExtension(SurveyDao.class,
                dao -> dao.claimForReminder(id, seen.get().reminderAttempts(), owner, now, leaseUntil)) == 0) {
            return false;
        }
        boolean interrupted = seen.get().claimOwner() != null;
        InvitationRow invitation = jdbi.withExtension(SurveyDao.class, dao -> dao.invitation(id)).orElseThrow();
        Optional<Target> target = target(invitation);
        if (target.isEmpty() || invitation.reminderAttempts() > config.maxAttempts()) {
            jdbi.useExtension(SurveyDao.class, dao -> dao.dropReminder(id, owner,
                    target.isEmpty() ? "customer opted out" : "reminder gave up after " + config.maxAttempts() + " attempts"));
            return false;
        }
        if (invitation.reminderAttempts() > 1 && !interrupted) {
            LOG.warn("Invitation {}: reminder attempt {} follows one that failed or whose outcome was unknown",
                    id, invitation.reminderAttempts());
        }
        String url = surveyUrl.apply(invitation.token());
        String text = isChat(invitation)
                ? chatSurveys.reminder(invitation, target.get().purchase().orderId(),
                        jdbi.withExtension(SurveyDao.class, dao -> dao.answers(id)))
                : messages.get(invitation.locale(), "invitation.reminder", target.get().purchase().orderId(), url);
        Optional<SendResult> sent = send(invitation, target.get(), text, url, "reminder",
                interrupted ? Optional.ofNullable(invitation.remindAt()) : Optional.empty());
        if (sent.isEmpty()) {
            return false;
        }
        SendResult result = sent.get();
        switch (result.outcome()) {
            case ACCEPTED -> jdbi.useExtension(SurveyDao.class, dao -> dao.markReminded(id, owner, now()));
            case RETRYABLE_FAILURE, OUTCOME_UNKNOWN -> jdbi.useExtension(SurveyDao.class, dao ->
                    dao.releaseForRetry(id, owner, now().plus(backoff(invitation.reminderAttempts())), describe(result)));
            case PERMANENT_FAILURE -> jdbi.useExtension(SurveyDao.class, dao -> dao.dropReminder(id, owner, describe(result)));
            case RECIPIENT_OPTED_OUT -> {
                recordProviderOptOut(invitation, result);
                jdbi.useExtension(SurveyDao.class, dao -> dao.dropReminder(id, owner, describe(result)));
            }
        }
        return result.outcome() == SendResult.Outcome.ACCEPTED;
    }

    /**
     * A queued invitation that its channel finally refused (the outbound queue tells): the invitation did not
     * reach the customer, so it counts as failed, or suppressed when the customer opted out at the channel.
     */
    public void undeliverable(String idempotencyKey, String outboxStatus, String error) {
        if (!idempotencyKey.endsWith(":invitation")) {
            return;
        }
        String id = idempotencyKey.substring(0, idempotencyKey.length() - ":invitation".length());
        boolean optedOut = outboxStatus.equals("suppressed");
        jdbi.useExtension(SurveyDao.class, dao -> dao.markUndelivered(id,
                optedOut ? InvitationStatus.SUPPRESSED.wireName() : InvitationStatus.FAILED.wireName(),
                optedOut ? "opted_out" : null, error));
    }

    private record Target(CustomerRow customer, PurchaseRow purchase) {
    }

    /** SMS and WeChat hold the survey as a conversation; the web channel sends a link. */
    private static boolean isChat(InvitationRow invitation) {
        return !Channel.WEB.wireName().equals(invitation.channel());
    }

    private String webInvitation(InvitationRow invitation, Target target, String url) {
        String greeting = target.customer().name() == null
                ? messages.get(invitation.locale(), "invitation.greeting")
                : messages.get(invitation.locale(), "invitation.greeting.named", target.customer().name());
        return messages.get(invitation.locale(), "invitation.text", greeting, target.purchase().orderId(), url);
    }

    /** The customer and purchase behind an invitation, or empty when the customer has opted out since. */
    private Optional<Target> target(InvitationRow invitation) {
        return jdbi.withHandle(handle -> {
            CustomerDao customers = handle.attach(CustomerDao.class);
            if (customers.isOptedOut(invitation.customerId())) {
                return Optional.empty();
            }
            return Optional.of(new Target(customers.findById(invitation.customerId()).orElseThrow(),
                    handle.attach(SurveyDao.class).purchaseById(invitation.purchaseId()).orElseThrow()));
        });
    }

    /**
     * Sends, or, after an interrupted attempt that began at or after {@code interruptedSince}, first finds out
     * whether that attempt arrived (then the result is accepted without a new send). Empty when the channel
     * cannot be asked right now: the row stays claimed and is taken up again when its lease runs out.
     */
    private Optional<SendResult> send(InvitationRow invitation, Target target, String text, String url, String purpose,
            Optional<Instant> interruptedSince) {
        Channel channel = Channel.fromWireName(invitation.channel()).orElseThrow();
        MessageSender sender = senders.get(channel);
        if (sender == null) {
            return Optional.of(SendResult.retryable("no_sender", "no sender is configured for the " + channel + " channel"));
        }
        String to = invitation.address() != null ? invitation.address() : target.customer().externalId();
        // SMS holds the survey in the conversation; WeChat needs the link for a template message.
        Optional<URI> link = channel == Channel.SMS ? Optional.empty() : Optional.of(URI.create(url));
        OutboundMessage message = new OutboundMessage(channel, to, text, link,
                invitation.locale(), invitation.id() + ":" + purpose);
        if (interruptedSince.isPresent()) {
            if (!(sender instanceof DeliveryLookup lookup)) {
                LOG.warn("Invitation {}: the worker sending its {} stopped before recording the outcome, and the {} "
                        + "channel cannot be asked whether it arrived; not sending it twice", invitation.id(), purpose, channel);
                return Optional.of(SendResult.accepted(null));
            }
            try {
                Optional<String> earlier = lookup.findAccepted(message, interruptedSince.get());
                if (earlier.isPresent()) {
                    LOG.info("Invitation {}: the channel has the {} of an interrupted attempt; not sending again",
                            invitation.id(), purpose);
                    return Optional.of(SendResult.accepted(earlier.get()));
                }
                LOG.info("Invitation {}: the channel does not have the {} of an interrupted attempt; sending it",
                        invitation.id(), purpose);
            } catch (RuntimeException e) {
                LOG.warn("Invitation {}: could not ask the channel about an interrupted attempt ({}); trying again "
                        + "when the lease runs out", invitation.id(), e.getClass().getSimpleName());
                return Optional.empty();
            }
        }
        try {
            return Optional.of(sender.send(message));
        } catch (RuntimeException e) {
            LOG.warn("Invitation {}: the {} sender failed", invitation.id(), channel, PersonalData.scrub(e));
            return Optional.of(SendResult.retryable("exception", e.getClass().getSimpleName()));
        }
    }

    private void recordProviderOptOut(InvitationRow invitation, SendResult result) {
        if (invitation.address() != null) {
            Instant now = now();
            jdbi.useTransaction(handle -> handle.attach(CustomerDao.class).recordConsent(invitation.channel(),
                    invitation.address(), true, "provider:" + result.errorCode().orElse("opt-out"), now));
        }
    }

    private void finishUnsent(InvitationRow invitation, InvitationStatus status, String reason, String error) {
        jdbi.useExtension(SurveyDao.class,
                dao -> dao.finishUnsent(invitation.id(), owner, status.wireName(), reason, error));
        LOG.info("Invitation {} ends {}{}", invitation.id(), status.wireName(), error == null ? "" : ": " + PersonalData.scrub(error));
    }

    private static Duration backoff(int attempt) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 10));
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    private static String describe(SendResult result) {
        String text = result.errorCode().map(code -> code + ": ").orElse("") + result.detail();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
