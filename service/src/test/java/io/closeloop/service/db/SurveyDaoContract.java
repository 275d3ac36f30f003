package io.closeloop.service.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.service.customer.CustomerDao;
import io.closeloop.service.survey.AnswerRow;
import io.closeloop.service.survey.InvitationRow;
import io.closeloop.service.survey.SurveyDao;
import io.closeloop.service.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The SQL of the survey and customer DAOs against a real database; run on H2 and on MariaDB. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SurveyDaoContract {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private TestDatabase database;
    private Jdbi jdbi;
    private long templateId;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void migrate() {
        database = TestDatabase.create(kind());
        jdbi = database.migratedJdbi();
        templateId = surveys(dao -> dao.insertTemplate("dao-test", 1, "{\"questions\":[]}", NOW));
    }

    @AfterAll
    void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void instantsSurviveTheRoundTripWhateverTheJvmTimeZone() {
        TimeZone original = TimeZone.getDefault();
        // 02:30 on 2026-03-08 does not exist in New York: a Timestamp-based mapping would shift it.
        Instant inTheGap = Instant.parse("2026-03-08T02:30:00Z");
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            InvitationRow row = invitation(newCustomer(), "scheduled", inTheGap);
            assertThat(this.<Optional<InvitationRow>>surveys(dao -> dao.invitation(row.id())).orElseThrow().sendAt())
                    .isEqualTo(inTheGap);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void answersKeepChineseTextAndEmojiExactly() {
        InvitationRow invitation = invitation(newCustomer(), "sent", NOW);
        String text = "送餐太慢了，汤都洒了 😡 but the courier was kind 👍";
        jdbi.useTransaction(h -> h.attach(SurveyDao.class).saveAnswer(
                new AnswerRow(invitation.id(), "q3", "text", null, null, text, false, 1200, NOW), List.of()));
        // Saving again replaces the answer instead of adding one.
        jdbi.useTransaction(h -> {
            SurveyDao dao = h.attach(SurveyDao.class);
            dao.saveAnswer(new AnswerRow(invitation.id(), "q3", "text", null, null, text + "!", false, 900, NOW.plusSeconds(1)),
                    dao.answers(invitation.id()));
        });
        List<AnswerRow> answers = surveys(dao -> dao.answers(invitation.id()));
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).textValue()).isEqualTo(text + "!");
        assertThat(answers.get(0).durationMs()).isEqualTo(900);
    }

    @Test
    void tokensCompareExactlyIncludingCase() {
        InvitationRow invitation = invitation(newCustomer(), "sent", NOW);
        String swapped = swapCase(invitation.token());
        assertThat(this.<Optional<InvitationRow>>surveys(dao -> dao.invitationByToken(invitation.token()))).isPresent();
        assertThat(this.<Optional<InvitationRow>>surveys(dao -> dao.invitationByToken(swapped))).isEmpty();
    }

    @Test
    void eachDueInvitationIsClaimedByExactlyOneOfSeveralWorkers() throws Exception {
        Instant due = NOW.minusSeconds(60);
        List<String> ids = new ArrayList<>();
        long customer = newCustomer();
        for (int i = 0; i < 120; i++) {
            ids.add(invitation(customer, "scheduled", due).id());
        }
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> claims = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String owner = "worker-" + w;
            claims.add(pool.submit(() -> {
                start.await();
                List<String> mine = new ArrayList<>();
                List<String> candidates;
                do {
                    candidates = surveys(dao -> dao.dueForSending(NOW, 25));
                    for (String id : candidates) {
                        if (surveys(dao -> dao.claimForSending(id, 0, owner, NOW, NOW.plusSeconds(300))) == 1) {
                            mine.add(id);
                        }
                    }
                } while (!candidates.isEmpty());
                return mine;
            }));
        }
        start.countDown();
        List<String> all = new ArrayList<>();
        for (Future<List<String>> claim : claims) {
            all.addAll(claim.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).hasSameSizeAs(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).containsAll(ids);
    }

    @Test
    void aClaimWhoseLeaseRanOutIsTakenOverAndTheEarlierAttemptIsVisible() {
        InvitationRow invitation = invitation(newCustomer(), "scheduled", NOW.minusSeconds(1));
        assertThat(this.<Integer>surveys(dao -> dao.claimForSending(invitation.id(), 0, "a", NOW, NOW.plusSeconds(300)))).isEqualTo(1);
        // While the lease holds, nobody else gets it.
        assertThat(this.<Integer>surveys(dao -> dao.claimForSending(invitation.id(), 1, "b", NOW.plusSeconds(60), NOW.plusSeconds(360)))).isZero();
        // Worker a dies; after the lease, b takes over and sees that this is the second attempt.
        Instant later = NOW.plusSeconds(301);
        // A worker that read the row before a's claim does not get it: the attempt counter moved on.
        assertThat(this.<Integer>surveys(dao -> dao.claimForSending(invitation.id(), 0, "c", later, later.plusSeconds(300)))).isZero();
        assertThat(this.<Integer>surveys(dao -> dao.claimForSending(invitation.id(), 1, "b", later, later.plusSeconds(300)))).isEqualTo(1);
        InvitationRow claimed = surveys(dao -> dao.invitation(invitation.id())).orElseThrow();
        assertThat(claimed.claimOwner()).isEqualTo("b");
        assertThat(claimed.sendAttempts()).isEqualTo(2);
        // a's late outcome no longer counts: only the owner can mark the row sent.
        assertThat(this.<Integer>surveys(dao -> dao.markSent(invitation.id(), "a", later, later, null))).isZero();
        assertThat(this.<Integer>surveys(dao -> dao.markSent(invitation.id(), "b", later, later.plus(Duration.ofHours(72)), null))).isEqualTo(1);
        assertThat(this.<Optional<InvitationRow>>surveys(dao -> dao.invitation(invitation.id())).orElseThrow().status()).isEqualTo("sent");
    }

    @Test
    void consentChangesAreKeptWithAnAuditTrail() {
        long customer = newCustomer();
        String phone = "+86138" + (10_000_000 + (int) (Math.random() * 89_999_999));
        jdbi.useTransaction(h -> h.attach(CustomerDao.class).insertAddress(customer, "sms", phone, NOW));
        assertThat(this.<Boolean>customers(dao -> dao.isOptedOut(customer))).isFalse();
        jdbi.useTransaction(h -> h.attach(CustomerDao.class).recordConsent("sms", phone, true, "sms:STOP", NOW));
        assertThat(this.<Boolean>customers(dao -> dao.isOptedOut(customer))).isTrue();
        jdbi.useTransaction(h -> h.attach(CustomerDao.class).recordConsent("sms", phone, false, "sms:START", NOW.plusSeconds(5)));
        assertThat(this.<Boolean>customers(dao -> dao.isOptedOut(customer))).isFalse();
        List<String> audit = jdbi.withHandle(h -> h.createQuery(
                "SELECT source FROM consent_change WHERE address = :a ORDER BY id").bind("a", phone).mapTo(String.class).list());
        assertThat(audit).containsExactly("sms:STOP", "sms:START");
    }

    @Test
    void theFrequencyWindowCountsSurveysThatReachedTheCustomerButNotSuppressedOnes() {
        long customer = newCustomer();
        invitation(customer, "suppressed", NOW);
        assertThat(this.<Optional<Instant>>surveys(dao -> dao.surveyBetween(customer, NOW.minusSeconds(10), NOW.plusSeconds(10)))).isEmpty();
        invitation(customer, "completed", NOW.plusSeconds(1));
        assertThat(this.<Optional<Instant>>surveys(dao -> dao.surveyBetween(customer, NOW.minusSeconds(10), NOW.plusSeconds(10))))
                .contains(NOW.plusSeconds(1));
    }

    private long newCustomer() {
        return customers(dao -> dao.insert("c-" + UUID.randomUUID(), "名字", null, "zh-CN",
                "Asia/Shanghai", NOW));
    }

    private InvitationRow invitation(long customerId, String status, Instant sendAt) {
        return jdbi.inTransaction(h -> {
            SurveyDao dao = h.attach(SurveyDao.class);
            long purchase = dao.insertPurchase("o-" + UUID.randomUUID(), customerId, "s1", NOW, null, null, null, NOW);
            String token = UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "aBcDeFgHiJkL";
            InvitationRow row = new InvitationRow(UUID.randomUUID().toString(), token, purchase, customerId, templateId,
                    "web", null, "zh-CN", "Asia/Shanghai", status, null, sendAt, null, null, null, null, null, null, null,
                    NOW, null, null, 0, 0, null, null, 0, null);
            dao.insertInvitation(row);
            return row;
        });
    }

    private <T> T surveys(Function<SurveyDao, T> query) {
        return jdbi.withExtension(SurveyDao.class, query::apply);
    }

    private <T> T customers(Function<CustomerDao, T> query) {
        return jdbi.withExtension(CustomerDao.class, query::apply);
    }

    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder();
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }

}
