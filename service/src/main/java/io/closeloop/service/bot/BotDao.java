package io.closeloop.service.bot;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
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

    @SqlUpdate("""
            INSERT INTO conversation (channel, address, state, misses, updated_at)
            VALUES (:channel, :address, 'bot', 0, :now)
            """)
    void create(@Bind("channel") String channel, @Bind("address") String address, @Bind("now") Instant now);

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
            INSERT INTO ticket (customer_id, channel, address, locale, status, reason, summary, created_at, updated_at)
            VALUES (:customerId, :channel, :address, :locale, 'new', :reason, :summary, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long openTicket(@Bind("customerId") Long customerId, @Bind("channel") String channel,
            @Bind("address") String address, @Bind("locale") String locale, @Bind("reason") String reason,
            @Bind("summary") String summary, @Bind("now") Instant now);

    @SqlQuery("""
            SELECT id FROM ticket WHERE customer_id = :customerId AND status NOT IN ('resolved', 'closed')
            ORDER BY id LIMIT 1
            """)
    Optional<Long> openTicketOf(@Bind("customerId") long customerId);

    @SqlQuery("SELECT status FROM ticket WHERE id = :id")
    Optional<String> ticketStatus(@Bind("id") long id);
}
