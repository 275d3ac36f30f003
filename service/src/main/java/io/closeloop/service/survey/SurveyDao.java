package io.closeloop.service.survey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Templates, purchases, invitations and answers. */
@RegisterRowMapper(InvitationRowMapper.class)
@RegisterConstructorMapper(AnswerRow.class)
@RegisterConstructorMapper(PurchaseRow.class)
public interface SurveyDao extends org.jdbi.v3.sqlobject.SqlObject {

    // --- templates -------------------------------------------------------------------------------------

    record TemplateRow(long id, String templateKey, int version, String definition, Instant createdAt) {
    }

    @SqlQuery("SELECT * FROM survey_template WHERE template_key = :key ORDER BY version DESC LIMIT 1")
    @RegisterConstructorMapper(TemplateRow.class)
    Optional<TemplateRow> latestTemplate(@Bind("key") String key);

    @SqlQuery("SELECT * FROM survey_template WHERE template_key = :key AND version = :version")
    @RegisterConstructorMapper(TemplateRow.class)
    Optional<TemplateRow> templateVersion(@Bind("key") String key, @Bind("version") int version);

    @SqlQuery("SELECT * FROM survey_template WHERE id = :id")
    @RegisterConstructorMapper(TemplateRow.class)
    Optional<TemplateRow> templateById(@Bind("id") long id);

    @SqlUpdate("INSERT INTO survey_template (template_key, version, definition, created_at) VALUES (:key, :version, :definition, :now)")
    @GetGeneratedKeys
    long insertTemplate(@Bind("key") String key, @Bind("version") int version, @Bind("definition") String definition,
            @Bind("now") Instant now);

    // --- purchases -------------------------------------------------------------------------------------

    @SqlQuery("SELECT * FROM purchase WHERE order_id = :orderId")
    Optional<PurchaseRow> purchaseByOrderId(@Bind("orderId") String orderId);

    @SqlQuery("SELECT * FROM purchase WHERE id = :id")
    Optional<PurchaseRow> purchaseById(@Bind("id") long id);

    @SqlUpdate("""
            INSERT INTO purchase (order_id, customer_id, store, purchased_at, delivered_at, amount, currency, received_at)
            VALUES (:orderId, :customerId, :store, :purchasedAt, :deliveredAt, :amount, :currency, :now)
            """)
    @GetGeneratedKeys
    long insertPurchase(@Bind("orderId") String orderId, @Bind("customerId") long customerId, @Bind("store") String store,
            @Bind("purchasedAt") Instant purchasedAt, @Bind("deliveredAt") Instant deliveredAt,
            @Bind("amount") BigDecimal amount, @Bind("currency") String currency, @Bind("now") Instant now);

    @SqlUpdate("INSERT INTO purchase_product (purchase_id, line_no, sku, name) VALUES (:purchaseId, :lineNo, :sku, :name)")
    void insertProduct(@Bind("purchaseId") long purchaseId, @Bind("lineNo") int lineNo, @Bind("sku") String sku,
            @Bind("name") String name);

    // --- invitations -----------------------------------------------------------------------------------

    @SqlUpdate("""
            INSERT INTO survey_invitation (id, token, purchase_id, customer_id, template_id, channel, address, locale,
                time_zone, status, reason, send_at, created_at, send_attempts, reminder_attempts, misses)
            VALUES (:id, :token, :purchaseId, :customerId, :templateId, :channel, :address, :locale,
                :timeZone, :status, :reason, :sendAt, :createdAt, 0, 0, 0)
            """)
    void insertInvitation(@Bind("id") String id, @Bind("token") String token, @Bind("purchaseId") long purchaseId,
            @Bind("customerId") long customerId, @Bind("templateId") long templateId, @Bind("channel") String channel,
            @Bind("address") String address, @Bind("locale") String locale, @Bind("timeZone") String timeZone,
            @Bind("status") String status, @Bind("reason") String reason, @Bind("sendAt") Instant sendAt,
            @Bind("createdAt") Instant createdAt);

    /** Stores a new invitation (its work columns start empty). */
    default void insertInvitation(InvitationRow i) {
        insertInvitation(i.id(), i.token(), i.purchaseId(), i.customerId(), i.templateId(), i.channel(), i.address(),
                i.locale(), i.timeZone(), i.status(), i.reason(), i.sendAt(), i.createdAt());
    }

    @SqlQuery("SELECT * FROM survey_invitation WHERE id = :id")
    Optional<InvitationRow> invitation(@Bind("id") String id);

    @SqlQuery("SELECT * FROM survey_invitation WHERE purchase_id = :purchaseId")
    Optional<InvitationRow> invitationForPurchase(@Bind("purchaseId") long purchaseId);

    @SqlQuery("SELECT * FROM survey_invitation WHERE token = :token")
    Optional<InvitationRow> invitationByToken(@Bind("token") String token);

    /**
     * Holds the invitation until the transaction ends by writing to it, and marks it opened and answered (a
     * refused answer rolls that back). H2 parses every SELECT ... FOR UPDATE anew; this UPDATE stays prepared.
     */
    @SqlUpdate("""
            UPDATE survey_invitation SET opened_at = COALESCE(opened_at, :now), first_answer_at = COALESCE(first_answer_at, :now)
            WHERE token = :token
            """)
    int lockForAnswer(@Bind("token") String token, @Bind("now") Instant now);

    record ScheduledSurvey(String status, Instant sendAt) {
    }

    /**
     * The customer's surveys planned between the two instants. The statuses are filtered by the caller: with
     * a status condition here, H2 chose the (status, send_at) index and scanned every scheduled survey.
     */
    @SqlQuery("SELECT status, send_at FROM survey_invitation WHERE customer_id = :customerId AND send_at > :from AND send_at < :to")
    @RegisterConstructorMapper(ScheduledSurvey.class)
    List<ScheduledSurvey> surveysBetween(@Bind("customerId") long customerId, @Bind("from") Instant from,
            @Bind("to") Instant to);

    /** Any other survey of the customer that reached them or will, sent between the two instants. */
    default Optional<Instant> surveyBetween(long customerId, Instant from, Instant to) {
        return surveysBetween(customerId, from, to).stream()
                .filter(survey -> List.of("scheduled", "sent", "completed", "expired").contains(survey.status()))
                .map(ScheduledSurvey::sendAt).min(Instant::compareTo);
    }

    @SqlUpdate("UPDATE survey_invitation SET opened_at = :now WHERE id = :id AND opened_at IS NULL")
    void markOpened(@Bind("id") String id, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE survey_invitation SET opened_at = COALESCE(opened_at, :now), first_answer_at = COALESCE(first_answer_at, :now)
            WHERE id = :id
            """)
    void markAnswered(@Bind("id") String id, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE survey_invitation SET status = 'completed', completed_at = :now, claim_owner = NULL, lease_until = NULL
            WHERE id = :id AND status IN ('scheduled', 'sent', 'failed')
            """)
    int markCompleted(@Bind("id") String id, @Bind("now") Instant now);

    // --- conversational surveys ---------------------------------------------------------------------------

    @SqlUpdate("UPDATE survey_invitation SET misses = misses + 1 WHERE id = :id")
    void countMiss(@Bind("id") String id);

    @SqlUpdate("UPDATE survey_invitation SET misses = 0 WHERE id = :id")
    void resetMisses(@Bind("id") String id);

    /** The survey a chat message from this address is about: the latest one sent there that is not finished. */
    @SqlQuery("""
            SELECT * FROM survey_invitation
            WHERE channel = :channel AND address = :address AND status IN ('sent', 'expired')
            ORDER BY sent_at DESC LIMIT 1 FOR UPDATE
            """)
    Optional<InvitationRow> lockLatestChatSurvey(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("UPDATE survey_invitation SET closed_notice_at = :now WHERE id = :id AND closed_notice_at IS NULL")
    int markClosedNotice(@Bind("id") String id, @Bind("now") Instant now);

    // --- the durable scheduler -------------------------------------------------------------------------

    @SqlQuery("""
            SELECT id FROM survey_invitation
            WHERE status = 'scheduled' AND send_at <= :now AND (lease_until IS NULL OR lease_until < :now)
            ORDER BY send_at LIMIT :limit
            """)
    List<String> dueForSending(@Bind("now") Instant now, @Bind("limit") int limit);

    /**
     * Claims a due invitation for one worker, if nobody claimed it since the caller read it with
     * {@code seenAttempts} attempts; the attempt counter goes up and the owner is set before anything is sent.
     * Every recorded outcome clears the owner, so a row claimable again (its lease ran out) that still has one
     * is an attempt interrupted in a crash, whose message may have reached the customer.
     */
    @SqlUpdate("""
            UPDATE survey_invitation SET claim_owner = :owner, lease_until = :leaseUntil, send_attempts = send_attempts + 1
            WHERE id = :id AND status = 'scheduled' AND send_at <= :now AND (lease_until IS NULL OR lease_until < :now)
              AND send_attempts = :seenAttempts
            """)
    int claimForSending(@Bind("id") String id, @Bind("seenAttempts") int seenAttempts, @Bind("owner") String owner,
            @Bind("now") Instant now, @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("""
            UPDATE survey_invitation SET status = 'sent', sent_at = :sentAt, expires_at = :expiresAt, remind_at = :remindAt,
                   claim_owner = NULL, lease_until = NULL, last_error = NULL
            WHERE id = :id AND claim_owner = :owner AND status = 'scheduled'
            """)
    int markSent(@Bind("id") String id, @Bind("owner") String owner, @Bind("sentAt") Instant sentAt,
            @Bind("expiresAt") Instant expiresAt, @Bind("remindAt") Instant remindAt);

    /** Gives the row back for a later attempt, no earlier than {@code retryAt}. */
    @SqlUpdate("""
            UPDATE survey_invitation SET claim_owner = NULL, lease_until = :retryAt, last_error = :error
            WHERE id = :id AND claim_owner = :owner
            """)
    int releaseForRetry(@Bind("id") String id, @Bind("owner") String owner, @Bind("retryAt") Instant retryAt,
            @Bind("error") String error);

    @SqlUpdate("""
            UPDATE survey_invitation SET status = :status, reason = :reason, last_error = :error,
                   claim_owner = NULL, lease_until = NULL
            WHERE id = :id AND claim_owner = :owner AND status = 'scheduled'
            """)
    int finishUnsent(@Bind("id") String id, @Bind("owner") String owner, @Bind("status") String status,
            @Bind("reason") String reason, @Bind("error") String error);

    @SqlQuery("""
            SELECT id FROM survey_invitation
            WHERE status = 'sent' AND remind_at <= :now AND reminded_at IS NULL AND expires_at > :now
              AND (lease_until IS NULL OR lease_until < :now)
            ORDER BY remind_at LIMIT :limit
            """)
    List<String> dueForReminder(@Bind("now") Instant now, @Bind("limit") int limit);

    /** Claims a due reminder as {@link #claimForSending} claims an invitation, with the reminder's own counter. */
    @SqlUpdate("""
            UPDATE survey_invitation SET claim_owner = :owner, lease_until = :leaseUntil, reminder_attempts = reminder_attempts + 1
            WHERE id = :id AND status = 'sent' AND remind_at <= :now AND reminded_at IS NULL AND expires_at > :now
              AND (lease_until IS NULL OR lease_until < :now) AND reminder_attempts = :seenAttempts
            """)
    int claimForReminder(@Bind("id") String id, @Bind("seenAttempts") int seenAttempts, @Bind("owner") String owner,
            @Bind("now") Instant now, @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("""
            UPDATE survey_invitation SET reminded_at = :now, claim_owner = NULL, lease_until = NULL, last_error = NULL
            WHERE id = :id AND claim_owner = :owner
            """)
    int markReminded(@Bind("id") String id, @Bind("owner") String owner, @Bind("now") Instant now);

    /** Ends the reminder work of a row without a reminder (it failed for good, or is no longer wanted). */
    @SqlUpdate("""
            UPDATE survey_invitation SET remind_at = NULL, claim_owner = NULL, lease_until = NULL, last_error = :error
            WHERE id = :id AND claim_owner = :owner
            """)
    int dropReminder(@Bind("id") String id, @Bind("owner") String owner, @Bind("error") String error);

    /** An invitation that was queued but never reached the customer: it leaves the "sent" count. */
    @SqlUpdate("""
            UPDATE survey_invitation SET status = :status, reason = :reason, last_error = :error, remind_at = NULL
            WHERE id = :id AND status = 'sent' AND first_answer_at IS NULL
            """)
    int markUndelivered(@Bind("id") String id, @Bind("status") String status, @Bind("reason") String reason,
            @Bind("error") String error);

    @SqlUpdate("UPDATE survey_invitation SET status = 'expired' WHERE status = 'sent' AND expires_at <= :now")
    int expireDue(@Bind("now") Instant now);

    // --- answers ---------------------------------------------------------------------------------------

    @SqlQuery("SELECT * FROM survey_answer WHERE invitation_id = :invitationId ORDER BY answered_at, id")
    List<AnswerRow> answers(@Bind("invitationId") String invitationId);

    @SqlUpdate("""
            UPDATE survey_answer SET question_type = :questionType, score = :score, choice_value = :choiceValue,
                   text_value = :textValue, skipped = :skipped, duration_ms = :durationMs, answered_at = :answeredAt
            WHERE invitation_id = :invitationId AND question_id = :questionId
            """)
    int updateAnswer(@BindMethods AnswerRow answer);

    @SqlUpdate("""
            INSERT INTO survey_answer (invitation_id, question_id, question_type, score, choice_value, text_value,
                skipped, duration_ms, answered_at)
            VALUES (:invitationId, :questionId, :questionType, :score, :choiceValue, :textValue, :skipped, :durationMs,
                :answeredAt)
            """)
    void insertAnswer(@BindMethods AnswerRow answer);

    /**
     * Stores an answer, replacing an earlier answer to the same question: one statement, chosen by the answers
     * the caller read. Call with the invitation locked.
     */
    default void saveAnswer(AnswerRow answer, List<AnswerRow> existing) {
        if (existing.stream().anyMatch(a -> a.questionId().equals(answer.questionId()))) {
            updateAnswer(answer);
        } else {
            insertAnswer(answer);
        }
    }
}
