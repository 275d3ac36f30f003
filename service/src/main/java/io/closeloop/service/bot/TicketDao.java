package io.closeloop.service.bot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reading tickets and their conversation. */
@RegisterConstructorMapper(TicketDao.TicketRow.class)
public interface TicketDao {

    record TicketRow(long id, Long customerId, String channel, String address, String locale, String status,
            String reason, String summary, Instant createdAt, Instant updatedAt) {
    }

    record MessageRow(String body, String reply, Instant receivedAt) {
    }

    @SqlQuery("""
            SELECT * FROM ticket WHERE (:status = '' OR status = :status)
            ORDER BY created_at DESC, id DESC LIMIT :limit
            """)
    List<TicketRow> list(@Bind("status") String status, @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM ticket WHERE id = :id")
    Optional<TicketRow> byId(@Bind("id") long id);

    /** The latest messages from the ticket's address on its channel, oldest first, with the replies given. */
    @SqlQuery("""
            SELECT body, reply, received_at FROM (
              SELECT body, reply, received_at, id FROM inbound_message
              WHERE channel = :channel AND from_address = :address
              ORDER BY received_at DESC, id DESC LIMIT :limit) recent
            ORDER BY received_at, id
            """)
    @RegisterConstructorMapper(MessageRow.class)
    List<MessageRow> transcript(@Bind("channel") String channel, @Bind("address") String address,
            @Bind("limit") int limit);
}
