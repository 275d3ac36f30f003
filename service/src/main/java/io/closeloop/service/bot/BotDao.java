package io.closeloop.service.bot;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Conversation state and the tickets the bot opens. */
public interface BotDao extends org.jdbi.v3.sqlobject.SqlObject {

    /** Where a conversation stands; {@code choices} are the intents offered as numbered options. */
    record ConversationRow(String channel, String address, String state, int misses, String choices, Long ticketId) {
    }

    @SqlQuery("SELECT channel, address, state, misses, choices, ticket_id FROM conversation WHERE channel = :channel AND address = :address FOR UPDATE")
    @RegisterConstructorMapper(ConversationRow.class)
    Optional<ConversationRow> lock(@Bind("channel") String channel, @Bind("address") String address);

    /**
     * The conversation, locked, created first if it is new. A locking read of a missing row would take a gap lock
     * on MySQL/MariaDB, and two new numbers' inserts into neighbouring gaps would deadlock; so the existence check
     * is a plain read and the insert ignores a row another transaction has just created.
     */
    default ConversationRow lockOrCreate(String channel, String address, Instant now) {
        if (!exists(channel, address)) {
            createIfAbsent(channel, address, now);
        }
        return lock(channel, address).orElseThrow();
    }

    @SqlQuery("SELECT COUNT(*) > 0 FROM conversation WHERE channel = :channel AND address = :address")
    boolean exists(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("""
            INSERT IGNORE INTO conversation (channel, address, state, misses, updated_at)
            VALUES (:channel, :address, 'bot', 0, :now)
            """)
    void createIfAbsent(@Bind("channel") String channel, @Bind("address") String address, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE conversation SET state = :state, misses = :misses, choices = :choices, ticket_id = :ticketId,
                   updated_at = :now
            WHERE channel = :channel AND address = :address
            """)
    void update(@Bind("channel") String channel, @Bind("address") String address, @Bind("state") String state,
            @Bind("misses") int misses, @Bind("choices") String choices, @Bind("ticketId") Long ticketId,
            @Bind("now") Instant now);

    @SqlQuery("""
            SELECT a.customer_id FROM customer_address a WHERE a.channel = :channel AND a.address = :address
            ORDER BY a.id DESC LIMIT 1
            """)
    Optional<Long> customerOf(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("""
            INSERT INTO ticket (customer_id, channel, address, locale, status, reason, summary, topic, priority,
                                first_response_due, resolution_due, created_at, updated_at)
            VALUES (:t.customerId, :t.channel, :t.address, :t.locale, 'new', :t.reason, :t.summary, :t.topic,
                    :priority, :firstResponseDue, :resolutionDue, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long openTicket(@BindMethods("t") Tickets.Trigger trigger, @Bind("priority") int priority,
            @Bind("firstResponseDue") Instant firstResponseDue, @Bind("resolutionDue") Instant resolutionDue,
            @Bind("now") Instant now);

    /** Another trigger for an open ticket: it can raise the priority and name a topic, never lower or erase one. */
    @SqlUpdate("""
            UPDATE ticket SET priority = CASE WHEN priority < :priority THEN :priority ELSE priority END,
                   topic = CASE WHEN topic = 'general' THEN :topic ELSE topic END, updated_at = :now
            WHERE id = :id
            """)
    void joinTicket(@Bind("id") long id, @Bind("priority") int priority, @Bind("topic") String topic,
            @Bind("now") Instant now);

    record Spend(long purchases, java.math.BigDecimal total) {
    }

    @SqlQuery("SELECT COUNT(*) AS purchases, COALESCE(SUM(amount), 0) AS total FROM purchase WHERE customer_id = :id")
    @RegisterConstructorMapper(Spend.class)
    Spend spendOf(@Bind("id") long customerId);

    @SqlQuery("""
            SELECT MAX(a.answered_at) FROM survey_answer a JOIN survey_invitation i ON i.id = a.invitation_id
            WHERE i.customer_id = :customerId AND a.answered_at >= :since AND a.skipped = FALSE
              AND (a.question_type = 'nps' AND a.score <= :nps OR a.question_type = 'csat' AND a.score <= :csat)
            """)
    Optional<Instant> lastDetractorAnswer(@Bind("customerId") long customerId, @Bind("since") Instant since,
            @Bind("nps") int nps, @Bind("csat") int csat);

    @SqlQuery("SELECT COUNT(*) > 0 FROM ticket WHERE customer_id = :customerId AND resolved_at >= :since")
    boolean resolvedSince(@Bind("customerId") long customerId, @Bind("since") Instant since);

    @SqlQuery("""
            SELECT id FROM ticket WHERE customer_id = :customerId AND status NOT IN ('resolved', 'closed')
            ORDER BY id LIMIT 1
            """)
    Optional<Long> openTicketOf(@Bind("customerId") long customerId);

    /** A ticket's conversations with a person: waiting for one, or with one once an agent has the ticket. */
    @SqlUpdate("""
            UPDATE conversation SET state = CASE WHEN :assigned THEN 'with_agent' ELSE 'waiting_for_agent' END
            WHERE ticket_id = :ticketId AND state IN ('waiting_for_agent', 'with_agent')
            """)
    void handedTo(@Bind("ticketId") long ticketId, @Bind("assigned") boolean assigned);

    @SqlQuery("SELECT status FROM ticket WHERE id = :id")
    Optional<String> ticketStatus(@Bind("id") long id);
}
