package io.closeloop.service.jobs;

import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.service.config.SchedulerConfig;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.customer.CustomerRow;
import io.closeloop.service.survey.ChatSurveys;
import io.closeloop.service.survey.InvitationRow;
import io.closeloop.service.survey.InvitationStatus;
import io.closeloop.service.survey.Messages;
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
 * sender. The attempt counter is raised in the claim itself, before anything is sent: when a worker dies
 * between claim and outcome, the lease runs out, another worker claims the row again, sees the earlier
 * attempt, logs that it is retrying an attempt of unknown outcome, and sends with the same idempotency
 * key. Nothing is lost; a possible duplicate is never silent.
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

    @Override
    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Invitation dispatcher run failed; it will try again", e);
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
            delivered += sendInvitation(id) ? 1 : 0;
        }
        for (String id : jdbi.withExtension(SurveyDao.class, dao -> dao.dueForReminder(now, config.batchSize()))) {
            delivered += sendReminder(id) ? 1 : 0;
        }
        return delivered;
    }

    private boolean sendInvitation(String id) {
        Instant now = now();
        Instant leaseUntil = now.plus(config.lease().toJavaDuration());
        if (jdbi.withExtension(SurveyDao.class, dao -> dao.claimForSending(id, owner, now, leaseUntil)) == 0) {
            return false;
        }
        InvitationRow invitation = jdbi.withExtension(SurveyDao.class, dao -> dao.invitation(id)).orElseThrow();
        if (invitation.sendAttempts() > config.maxAttempts()) {
            finishUnsent(invitation, InvitationStatus.FAILED, null, "gave up after " + config.maxAttempts() + " attempts");
            return false;
        }
        if (invitation.sendAttempts() > 1) {
            LOG.warn("Invitation {}: attempt {} follows an attempt whose outcome was not recorded or failed; "
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
        SendResult result = send(invitation, target.get(), text, url, "invitation");
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
        if (jdbi.withExtension(SurveyDao.class, dao -> dao.claimForReminder(id, owner, now, leaseUntil)) == 0) {
            return false;
        }
        InvitationRow invitation = jdbi.withExtension(SurveyDao.class, dao -> dao.invitation(id)).orElseThrow();
        Optional<Target> target = target(invitation);
        if (target.isEmpty() || invitation.reminderAttempts() > config.maxAttempts()) {
            jdbi.useExtension(SurveyDao.class, dao -> dao.dropReminder(id, owner,
                    target.isEmpty() ? "customer opted out" : "reminder gave up after " + config.maxAttempts() + " attempts"));
            return false;
        }
        if (invitation.reminderAttempts() > 1) {
            LOG.warn("Invitation {}: reminder attempt {} follows one whose outcome was not recorded or failed",
                    id, invitation.reminderAttempts());
        }
        String url = surveyUrl.apply(invitation.token());
        String text = isChat(invitation)
                ? chatSurveys.reminder(invitation, target.get().purchase().orderId(),
                        jdbi.withExtension(SurveyDao.class, dao -> dao.answers(id)))
                : messages.get(invitation.locale(), "invitation.reminder", target.get().purchase().orderId(), url);
        SendResult result = send(invitation, target.get(), text, url, "reminder");
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

    private SendResult send(InvitationRow invitation, Target target, String text, String url, String purpose) {
        Channel channel = Channel.fromWireName(invitation.channel()).orElseThrow();
        MessageSender sender = senders.get(channel);
        if (sender == null) {
            return SendResult.retryable("no_sender", "no sender is configured for the " + channel + " channel");
        }
        String to = invitation.address() != null ? invitation.address() : target.customer().externalId();
        // SMS holds the survey in the conversation; WeChat needs the link for a template message.
        Optional<URI> link = channel == Channel.SMS ? Optional.empty() : Optional.of(URI.create(url));
        OutboundMessage message = new OutboundMessage(channel, to, text, link,
                invitation.locale(), invitation.id() + ":" + purpose);
        try {
            return sender.send(message);
        } catch (RuntimeException e) {
            LOG.warn("Invitation {}: the {} sender failed", invitation.id(), channel, e);
            return SendResult.retryable("exception", e.getClass().getSimpleName());
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
        LOG.info("Invitation {} ends {}{}", invitation.id(), status.wireName(), error == null ? "" : ": " + error);
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
