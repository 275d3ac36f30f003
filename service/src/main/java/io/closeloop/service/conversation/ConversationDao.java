package io.closeloop.service.conversation;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Where each conversation (a customer's address on one channel) stands: with the bot, waiting for a person,
 * with an agent, or waiting for the answer to a ticket's follow-up question (see {@link ConversationState}).
 */
public interface ConversationDao extends org.jdbi.v3.sqlobject.SqlObject {

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

    /** A ticket's conversations with a person: waiting for one, or with one once an agent has the ticket. */
    @SqlUpdate("""
            UPDATE conversation SET state = CASE WHEN :assigned THEN 'with_agent' ELSE 'waiting_for_agent' END
            WHERE ticket_id = :ticketId AND state IN ('waiting_for_agent', 'with_agent')
            """)
    void handedTo(@Bind("ticketId") long ticketId, @Bind("assigned") boolean assigned);

}
