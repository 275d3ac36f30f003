package io.closeloop.service.bot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Tickets, what agents write on them, and the conversation they came from. */
@RegisterConstructorMapper(TicketDao.TicketRow.class)
public interface TicketDao {

    record TicketRow(long id, Long customerId, String channel, String address, String locale, String status,
            String reason, String summary, int priority, Long assigneeId, Instant firstResponseAt,
            Instant firstResponseDue, boolean firstResponseBreached, Instant resolvedAt, Instant resolutionDue,
            boolean resolutionBreached, Integer followupScore, Instant createdAt, Instant updatedAt) {
    }

    record MessageRow(String body, String reply, Instant receivedAt) {
    }

    record TicketMessage(long id, String kind, Long agentId, String body, String delivery, Instant createdAt) {
    }

    @SqlQuery("""
            SELECT * FROM ticket WHERE (:status = '' OR status = :status) AND (:assignee = 0 OR assignee_id = :assignee)
            ORDER BY priority DESC, created_at DESC, id DESC LIMIT :limit
            """)
    List<TicketRow> list(@Bind("status") String status, @Bind("assignee") long assignee, @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM ticket WHERE id = :id")
    Optional<TicketRow> byId(@Bind("id") long id);

    @SqlQuery("SELECT * FROM ticket WHERE id = :id FOR UPDATE")
    Optional<TicketRow> lock(@Bind("id") long id);

    /** Takes a ticket for an agent unless another agent has it; one statement, so two agents never both win. */
    @SqlUpdate("""
            UPDATE ticket SET assignee_id = :agentId, updated_at = :now,
                   status = CASE WHEN status = 'new' THEN 'open' ELSE status END
            WHERE id = :id AND (assignee_id IS NULL OR assignee_id = :agentId)
              AND status IN ('new', 'open', 'pending_customer')
            """)
    int claim(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket SET assignee_id = :agentId, updated_at = :now WHERE id = :id")
    void reassign(@Bind("id") long id, @Bind("agentId") Long agentId, @Bind("now") Instant now);

    /** Agents with their open tickets and how many of those breached a service level, for supervisors. */
    record AgentLoad(long id, String username, String displayName, String role, String status, int capacity,
            long openTickets, long breached) {
    }

    @SqlQuery("""
            SELECT a.id, a.username, a.display_name, a.role, a.status, a.capacity,
                   (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = a.id
                      AND t.status IN ('new', 'open', 'pending_customer')) AS open_tickets,
                   (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = a.id
                      AND t.status IN ('new', 'open', 'pending_customer')
                      AND (t.first_response_breached = TRUE OR t.resolution_breached = TRUE)) AS breached
            FROM agent a ORDER BY a.status, a.username
            """)
    @RegisterConstructorMapper(AgentLoad.class)
    List<AgentLoad> agentLoads();

    @SqlUpdate("UPDATE ticket SET status = :status, updated_at = :now WHERE id = :id")
    void setStatus(@Bind("id") long id, @Bind("status") String status, @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket SET first_response_at = COALESCE(first_response_at, :now) WHERE id = :id")
    void markFirstResponse(@Bind("id") long id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket SET status = 'resolved', resolved_at = :now, updated_at = :now WHERE id = :id")
    void resolve(@Bind("id") long id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket SET followup_score = :score, updated_at = :now WHERE id = :id")
    void setFollowup(@Bind("id") long id, @Bind("score") int score, @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO ticket_message (ticket_id, kind, agent_id, body, delivery, created_at)
            VALUES (:ticketId, :kind, :agentId, :body, :delivery, :now)
            """)
    @GetGeneratedKeys("id")
    long addMessage(@Bind("ticketId") long ticketId, @Bind("kind") String kind, @Bind("agentId") Long agentId,
            @Bind("body") String body, @Bind("delivery") String delivery, @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket_message SET delivery = :delivery WHERE id = :id")
    void setDelivery(@Bind("id") long id, @Bind("delivery") String delivery);

    @SqlQuery("SELECT id, kind, agent_id, body, delivery, created_at FROM ticket_message WHERE ticket_id = :ticketId ORDER BY id")
    @RegisterConstructorMapper(TicketMessage.class)
    List<TicketMessage> messages(@Bind("ticketId") long ticketId);

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
