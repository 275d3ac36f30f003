package io.closeloop.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.channels.Channel;
import io.closeloop.channels.DeliveryLookup;
import io.closeloop.channels.DeliveryStatus;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.OutboundMessage;
import io.closeloop.channels.SendResult;
import io.closeloop.channels.sms.TwilioHttp;
import io.closeloop.channels.sms.TwilioSmsSender;
import io.closeloop.channels.testing.FakeTwilioApi;
import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.testing.MutableClock;
import io.closeloop.service.testing.TestDatabase;
import com.twilio.http.TwilioRestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The durable outbound queue against a real database; run on H2 and on MariaDB. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutboxContract {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "outbox-test-auth-token";

    private final MutableClock clock = MutableClock.at("2026-11-20T02:00:00Z");
    private TestDatabase database;
    private Jdbi jdbi;
    private Gateway gateway;
    private String sender;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void migrate() {
        database = TestDatabase.create(kind());
        jdbi = database.migratedJdbi();
    }

    @AfterAll
    void drop() {
        database.close();
    }

    @BeforeEach
    void freshSender() {
        // Tests share the database: what an earlier test left queued is not this test's business.
        jdbi.useHandle(h -> h.execute("UPDATE outbound_message SET status = 'failed' WHERE status IN ('queued', 'unknown', 'sending')"));
        gateway = new Gateway();
        sender = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        clock.advance(Duration.ofHours(1));
    }

    private OutboxWorker worker() {
        return worker(gateway);
    }

    private OutboxWorker worker(MessageSender sms) {
        return new OutboxWorker(jdbi, Map.of(Channel.SMS, sms), clock,
                new OutboxWorker.Settings(Duration.ofMillis(100), 50, LEASE, 5, Duration.ofSeconds(1)));
    }

    private String enqueue(String to, String text) {
        return enqueue(sender, to, text);
    }

    private String enqueue(String from, String to, String text) {
        String key = "test:" + UUID.randomUUID();
        new OutboxSender(Channel.SMS, from, jdbi, clock).send(
                new OutboundMessage(Channel.SMS, to, text, Optional.empty(), "en", key));
        return key;
    }

    private OutboundRow row(String key) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.byKey(key)).orElseThrow();
    }

    @Test
    void theSameLogicalMessageIsQueuedOnce() {
        String key = "invitation-x:" + UUID.randomUUID();
        OutboxSender outbox = new OutboxSender(Channel.SMS, sender, jdbi, clock);
        OutboundMessage message = new OutboundMessage(Channel.SMS, "+8613800138000", "Hi", Optional.empty(), "en", key);
        SendResult first = outbox.send(message);
        SendResult second = outbox.send(message);
        assertThat(first.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
        assertThat(second.providerMessageId()).isEqualTo(first.providerMessageId());
        worker().runOnce();
        assertThat(gateway.sent).singleElement().satisfies(m -> assertThat(m.idempotencyKey()).isEqualTo(key));
    }

    @Test
    void aBurstIsSentAtTheSendersPaceAcrossWorkers() {
        for (int i = 0; i < 5; i++) {
            enqueue("+861380000000" + i, "message " + i);
        }
        OutboxWorker one = worker();
        OutboxWorker two = worker();
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(one::runOnce);
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(two::runOnce);
        assertThat(a.join() + b.join()).isEqualTo(1);
        one.runOnce();
        assertThat(gateway.sent).hasSize(1);
        clock.advance(Duration.ofMillis(999));
        one.runOnce();
        assertThat(gateway.sent).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        two.runOnce();
        assertThat(gateway.sent).hasSize(2);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            one.runOnce();
        }
        assertThat(gateway.sent).extracting(OutboundMessage::text)
                .containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
    }

    @Test
    void aSendWithAnUnknownOutcomeIsSentAgainOnlyIfTheChannelDoesNotHaveIt() {
        String lost = enqueue("+8613800000100", "lost on the way");
        String arrived = enqueue("+8613800000101", "arrived after all");
        gateway.script(SendResult.unknown("http_502", "bad gateway"));
        worker().runOnce();
        assertThat(row(lost).status()).isEqualTo("unknown");
        clock.advance(Duration.ofSeconds(1));
        gateway.script(SendResult.unknown("timeout", "read timed out"));
        worker().runOnce();
        assertThat(row(arrived).status()).isEqualTo("unknown");
        assertThat(gateway.sent).isEmpty();

        gateway.acceptedBefore.put(arrived, "SM-already-there");
        clock.advance(Duration.ofMinutes(1));
        worker().runOnce();
        clock.advance(Duration.ofSeconds(1));
        worker().runOnce();
        assertThat(row(arrived).status()).isEqualTo("sent");
        assertThat(row(arrived).providerMessageId()).isEqualTo("SM-already-there");
        assertThat(row(lost).status()).isEqualTo("sent");
        assertThat(gateway.sent).extracting(OutboundMessage::idempotencyKey).containsExactly(lost);
        assertThat(gateway.lookups).containsExactlyInAnyOrder(lost, arrived);
    }

    @Test
    void aRetryableFailureWaitsAndThenSucceeds() {
        String key = enqueue("+8613800000200", "try again");
        gateway.script(SendResult.retryable("connection_refused", "no connection"));
        worker().runOnce();
        assertThat(row(key).status()).isEqualTo("queued");
        clock.advance(Duration.ofSeconds(5));
        worker().runOnce();
        assertThat(gateway.sent).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        worker().runOnce();
        assertThat(gateway.sent).hasSize(1);
        assertThat(row(key).attempts()).isEqualTo(2);
        assertThat(gateway.lookups).isEmpty();
    }

    @Test
    void aRecipientWhoOptedOutAtTheChannelIsRecordedAndNotTextedAgain() {
        String to = "+8613800000300";
        String first = enqueue(to, "first");
        gateway.script(SendResult.optedOut("21610", "Attempt to send to unsubscribed recipient"));
        worker().runOnce();
        assertThat(row(first).status()).isEqualTo("suppressed");
        boolean optedOut = jdbi.withExtension(CustomerDao.class, dao -> dao.isAddressOptedOut("sms", to));
        assertThat(optedOut).isTrue();
        String second = enqueue(to, "second");
        clock.advance(Duration.ofSeconds(1));
        worker().runOnce();
        assertThat(row(second).status()).isEqualTo("suppressed");
        assertThat(gateway.sent).isEmpty();
    }

    @Test
    void deliveryReportsNeverMoveAMessageBackwards() {
        String key = enqueue("+8613800000400", "status");
        worker().runOnce();
        String providerId = row(key).providerMessageId();
        OutboxWorker worker = worker();
        worker.onStatus(Channel.SMS, providerId, DeliveryStatus.DELIVERED, Optional.empty());
        worker.onStatus(Channel.SMS, providerId, DeliveryStatus.SENT, Optional.empty());
        worker.onStatus(Channel.SMS, providerId, DeliveryStatus.QUEUED, Optional.empty());
        assertThat(row(key).providerStatus()).isEqualTo("delivered");
        worker.onStatus(Channel.SMS, providerId, DeliveryStatus.READ, Optional.empty());
        assertThat(row(key).providerStatus()).isEqualTo("read");
        worker.onStatus(Channel.SMS, "SM-unknown", DeliveryStatus.FAILED, Optional.of("30003"));
    }

    @Test
    void aFailedReportKeepsItsErrorCode() {
        String key = enqueue("+8613800000500", "will fail");
        worker().runOnce();
        String providerId = row(key).providerMessageId();
        worker().onStatus(Channel.SMS, providerId, DeliveryStatus.SENT, Optional.empty());
        worker().onStatus(Channel.SMS, providerId, DeliveryStatus.UNDELIVERED, Optional.of("30003"));
        assertThat(row(key).providerStatus()).isEqualTo("undelivered");
        assertThat(row(key).errorCode()).isEqualTo("30003");
    }

    // --- a worker that stops in the middle of a send (kill -9, SIGTERM), against a fake Twilio -------------

    @Test
    void aTextWhoseWorkerDiedAfterTwilioTookItIsFoundAtTwilioAndNotSentAgain() {
        try (FakeTwilioApi twilio = new FakeTwilioApi(ACCOUNT, TOKEN)) {
            String to = "+8613800000600";
            String key = enqueue(to, "Thanks for your order A-600. How satisfied are you?");
            OutboxWorker dying = worker(diesMidSend(twilioSender(twilio), true));
            assertThatThrownBy(dying::runOnce).isInstanceOf(WorkerDied.class);
            assertThat(twilio.messagesTo(to)).hasSize(1);

            clock.advance(LEASE.plusSeconds(1));
            worker(twilioSender(twilio)).runOnce();
            assertThat(twilio.messagesTo(to)).hasSize(1);
            assertThat(twilio.listRequests()).isEqualTo(1);
            assertThat(row(key).status()).isEqualTo("sent");
            assertThat(row(key).providerMessageId()).isEqualTo(twilio.messagesTo(to).get(0).sid());
        }
    }

    @Test
    void aTextWhoseWorkerDiedBeforeTwilioGotItIsLookedForAndThenSentOnce() {
        try (FakeTwilioApi twilio = new FakeTwilioApi(ACCOUNT, TOKEN)) {
            String to = "+8613800000601";
            String key = enqueue(to, "Thanks for your order A-601. How satisfied are you?");
            OutboxWorker dying = worker(diesMidSend(twilioSender(twilio), false));
            assertThatThrownBy(dying::runOnce).isInstanceOf(WorkerDied.class);
            assertThat(row(key).status()).isEqualTo("sending");

            // While the lease holds, the claim may still be alive: nobody asks and nobody sends.
            clock.advance(LEASE.minusSeconds(1));
            worker(twilioSender(twilio)).runOnce();
            assertThat(twilio.listRequests()).isZero();
            assertThat(twilio.createRequests()).isZero();

            clock.advance(Duration.ofSeconds(2));
            worker(twilioSender(twilio)).runOnce();
            assertThat(twilio.listRequests()).isEqualTo(1);
            assertThat(twilio.messagesTo(to)).hasSize(1);
            assertThat(row(key).status()).isEqualTo("sent");
            assertThat(row(key).attempts()).isEqualTo(2);
        }
    }

    @Test
    void textsGoOutAndAreLookedUpWhileTheTwilioSdkLogsAtDebug() {
        // An operator turns the SDK's logging up to see what Twilio answers; texts must go out all the same.
        ch.qos.logback.classic.Logger sdk = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.twilio");
        ch.qos.logback.classic.Level before = sdk.getLevel();
        sdk.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (FakeTwilioApi twilio = new FakeTwilioApi(ACCOUNT, TOKEN)) {
            String to = "+8613800000602";
            String key = enqueue(to, "Thanks for your order A-602. How satisfied are you?");
            worker(twilioSender(twilio)).runOnce();
            assertThat(twilio.messagesTo(to)).hasSize(1);
            assertThat(row(key).status()).isEqualTo("sent");
            Optional<String> found = twilioSender(twilio).findAccepted(new OutboundMessage(Channel.SMS, to,
                    "Thanks for your order A-602. How satisfied are you?", Optional.empty(), "en", key), row(key).createdAt());
            assertThat(found).contains(twilio.messagesTo(to).get(0).sid());
        } finally {
            sdk.setLevel(before);
        }
    }

    @Test
    void aWorkerToldToStopDuringABatchFinishesTheSendInProgressAndClaimsNothingMore() throws Exception {
        // Four sender numbers, so that one batch could send all four at once.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(enqueue(sender + i, "+861380000070" + i, "batch " + i));
        }
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        MessageSender slow = new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.SMS;
            }

            @Override
            public SendResult send(OutboundMessage message) {
                inSend.countDown();
                try {
                    answer.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return gateway.send(message);
            }
        };
        OutboxWorker worker = worker(slow);
        worker.start();
        assertThat(inSend.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(keys.stream().map(k -> row(k).status())).containsExactlyInAnyOrder("sending", "queued", "queued", "queued");

        Thread stopping = new Thread(() -> {
            try {
                worker.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopping.start();
        // stop() waits for the send in progress; then the send gets its answer.
        while (stopping.isAlive() && stopping.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        answer.countDown();
        stopping.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(stopping.isAlive()).isFalse();
        assertThat(gateway.sent).hasSize(1);
        assertThat(keys.stream().map(k -> row(k).status())).containsExactlyInAnyOrder("sent", "queued", "queued", "queued");
        assertThat(keys.stream().map(k -> row(k).attempts())).containsExactlyInAnyOrder(1, 0, 0, 0);

        // Nothing is lost: the next worker sends the rest.
        worker().runOnce();
        assertThat(gateway.sent).hasSize(4);
    }

    private static TwilioSmsSender twilioSender(FakeTwilioApi twilio) {
        TwilioRestClient client = new TwilioRestClient.Builder(ACCOUNT, TOKEN)
                .httpClient(new TwilioHttp(Optional.of(twilio.baseUri()), Duration.ofSeconds(2), Duration.ofSeconds(5))).build();
        return new TwilioSmsSender(client, ACCOUNT, Optional.of("+15005550006"), Optional.empty(), Optional.empty());
    }

    /** The end of a worker's process in the middle of a send: just before or just after Twilio got the request. */
    private static final class WorkerDied extends Error {
        WorkerDied() {
            super("the process died");
        }
    }

    private static MessageSender diesMidSend(MessageSender sms, boolean afterTwilioGotIt) {
        return new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.SMS;
            }

            @Override
            public SendResult send(OutboundMessage message) {
                if (afterTwilioGotIt) {
                    sms.send(message);
                }
                throw new WorkerDied();
            }
        };
    }

    /** A channel double: records what it sends, answers scripted outcomes, knows some earlier sends. */
    static final class Gateway implements MessageSender, DeliveryLookup {
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
        final List<String> lookups = new CopyOnWriteArrayList<>();
        final Map<String, String> acceptedBefore = new java.util.concurrent.ConcurrentHashMap<>();
        private final Deque<SendResult> scripted = new ArrayDeque<>();

        synchronized void script(SendResult result) {
            scripted.add(result);
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public synchronized SendResult send(OutboundMessage message) {
            SendResult result = scripted.isEmpty() ? SendResult.accepted("SM" + UUID.randomUUID().toString().replace("-", ""))
                    : scripted.poll();
            if (result.outcome() == SendResult.Outcome.ACCEPTED) {
                sent.add(message);
            }
            return result;
        }

        @Override
        public Optional<String> findAccepted(OutboundMessage message, Instant since) {
            lookups.add(message.idempotencyKey());
            return Optional.ofNullable(acceptedBefore.get(message.idempotencyKey()));
        }
    }
}
