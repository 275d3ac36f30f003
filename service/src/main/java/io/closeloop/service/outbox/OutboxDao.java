package io.closeloop.service.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The durable outbound queue and the per-sender pace. */
@RegisterConstructorMapper(OutboundRow.class)
public interface OutboxDao {

    @SqlQuery("SELECT COUNT(*) > 0 FROM outbound_message WHERE idempotency_key = :key")
    boolean exists(@Bind("key") String idempotencyKey);

    @SqlUpdate("""
            INSERT INTO outbound_message (idempotency_key, channel, sender, to_address, body, locale, status, attempts,
                not_before, created_at)
            VALUES (:key, :channel, :sender, :to, :body, :locale, 'queued', 0, :now, :now)
            """)
    void insert(@Bind("key") String idempotencyKey, @Bind("channel") String channel, @Bind("sender") String sender,
            @Bind("to") String to, @Bind("body") String body, @Bind("locale") String locale, @Bind("now") Instant now);

    @SqlQuery("SELECT * FROM outbound_message WHERE id = :id")
    Optional<OutboundRow> byId(@Bind("id") long id);

    @SqlQuery("SELECT * FROM outbound_message WHERE idempotency_key = :key")
    Optional<OutboundRow> byKey(@Bind("key") String idempotencyKey);

    @SqlQuery("SELECT * FROM outbound_message WHERE channel = :channel AND provider_message_id = :providerId")
    Optional<OutboundRow> byProviderId(@Bind("channel") String channel, @Bind("providerId") String providerMessageId);

    @SqlQuery("""
            SELECT * FROM outbound_message
            WHERE status IN ('queued', 'unknown', 'sending') AND not_before <= :now AND (lease_until IS NULL OR lease_until < :now)
            ORDER BY not_before, id LIMIT :limit
            """)
    List<OutboundRow> due(@Bind("now") Instant now, @Bind("limit") int limit);

    /**
     * Takes a due message for one worker, still in the status {@code seen}, marks it {@code sending} and counts
     * the attempt, all before anything is sent: a row found {@code sending} once its lease ran out belongs to a
     * worker that stopped before it could record the outcome, and the channel may have the message.
     */
    @SqlUpdate("""
            UPDATE outbound_message SET status = 'sending', claim_owner = :owner, lease_until = :leaseUntil,
                   attempts = attempts + 1
            WHERE id = :id AND status = :seen AND not_before <= :now AND (lease_until IS NULL OR lease_until < :now)
            """)
    int claim(@Bind("id") long id, @Bind("seen") String seenStatus, @Bind("owner") String owner,
            @Bind("now") Instant now, @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("""
            UPDATE outbound_message SET status = 'sent', provider_message_id = :providerId, sent_at = :now,
                   provider_status = COALESCE(provider_status, 'accepted'), claim_owner = NULL, lease_until = NULL,
                   last_error = NULL
            WHERE id = :id AND claim_owner = :owner
            """)
    int markSent(@Bind("id") long id, @Bind("owner") String owner, @Bind("providerId") String providerMessageId,
            @Bind("now") Instant now);

    /** Back to the queue, not before {@code notBefore}; {@code status} is queued, or unknown to look first. */
    @SqlUpdate("""
            UPDATE outbound_message SET status = :status, not_before = :notBefore, last_error = :error,
                   error_code = :errorCode, claim_owner = NULL, lease_until = NULL
            WHERE id = :id AND claim_owner = :owner
            """)
    int release(@Bind("id") long id, @Bind("owner") String owner, @Bind("status") String status,
            @Bind("notBefore") Instant notBefore, @Bind("errorCode") String errorCode, @Bind("error") String error);

    /** Ends a message unsent: failed or suppressed. */
    @SqlUpdate("""
            UPDATE outbound_message SET status = :status, error_code = :errorCode, last_error = :error,
                   claim_owner = NULL, lease_until = NULL
            WHERE id = :id AND claim_owner = :owner
            """)
    int finish(@Bind("id") long id, @Bind("owner") String owner, @Bind("status") String status,
            @Bind("errorCode") String errorCode, @Bind("error") String error);

    /** Records a delivery report, only if the row still has the status the caller saw (no lost updates). */
    @SqlUpdate("""
            UPDATE outbound_message SET provider_status = :next, error_code = COALESCE(:errorCode, error_code), status_at = :now
            WHERE id = :id AND (provider_status = :seen OR (provider_status IS NULL AND :seen = ''))
            """)
    int updateProviderStatus(@Bind("id") long id, @Bind("seen") String seen, @Bind("next") String next,
            @Bind("errorCode") String errorCode, @Bind("now") Instant now);

    @SqlUpdate("UPDATE sender_pace SET next_slot_ms = :nextSlot WHERE sender = :sender AND next_slot_ms <= :nowMs")
    int takeSlot(@Bind("sender") String sender, @Bind("nowMs") long nowMs, @Bind("nextSlot") long nextSlot);

    @SqlUpdate("INSERT INTO sender_pace (sender, next_slot_ms) VALUES (:sender, :nextSlot)")
    void firstSlot(@Bind("sender") String sender, @Bind("nextSlot") long nextSlot);

    @SqlQuery("SELECT COUNT(*) > 0 FROM sender_pace WHERE sender = :sender")
    boolean hasPace(@Bind("sender") String sender);
}
