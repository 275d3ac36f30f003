package io.closeloop.service.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Tickets, what agents write on them, and the conversation they came from. */
@RegisterConstructorMapper(Ticket.class)
public interface TicketDao extends org.jdbi.v3.sqlobject.SqlObject {




    /**
     * Tickets by status ({@code ''}: any; {@code active}: not resolved or closed), assignee (0: any; -1: nobody),
     * topic and language ({@code ''}: any), most urgent first.
     */
    @SqlQuery("""
            SELECT * FROM ticket
            WHERE (:status = '' OR status = :status
                   OR :status = 'active' AND status IN ('new', 'open', 'pending_customer'))
              AND (:assignee = 0 OR assignee_id = :assignee OR :assignee = -1 AND assignee_id IS NULL)
              AND (:topic = '' OR topic = :topic) AND (:language = '' OR locale LIKE :language)
            ORDER BY priority DESC, created_at DESC, id DESC LIMIT :limit
            """)
    List<Ticket> list(@Bind("status") String status, @Bind("assignee") long assignee, @Bind("topic") String topic,
            @Bind("language") String languagePattern, @Bind("limit") int limit);


    @SqlQuery("""
            SELECT locale, topic, COUNT(*) AS open,
                   SUM(CASE WHEN assignee_id IS NULL THEN 1 ELSE 0 END) AS unassigned,
                   MIN(CASE WHEN assignee_id IS NULL THEN created_at END) AS oldest_unassigned,
                   SUM(CASE WHEN first_response_breached = TRUE OR resolution_breached = TRUE THEN 1 ELSE 0 END) AS breached
            FROM ticket WHERE status IN ('new', 'open', 'pending_customer')
            GROUP BY locale, topic ORDER BY locale, topic
            """)
    @RegisterConstructorMapper(TicketQueue.class)
    List<TicketQueue> queues();

    @SqlQuery("SELECT * FROM ticket WHERE id = :id")
    Optional<Ticket> byId(@Bind("id") long id);

    @SqlQuery("SELECT * FROM ticket WHERE id = :id FOR UPDATE")
    Optional<Ticket> lock(@Bind("id") long id);

    /** Takes a ticket for an agent unless another agent has it; one statement, so two agents never both win. */
    @SqlUpdate("""
            UPDATE ticket SET assignee_id = :agentId, updated_at = :now,
                   status = CASE WHEN status = 'new' THEN 'open' ELSE status END
            WHERE id = :id AND (assignee_id IS NULL OR assignee_id = :agentId)
              AND status IN ('new', 'open', 'pending_customer')
            """)
    int claim(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("now") Instant now);

    /** Hands the ticket on; sent back to the queue, it remembers who sent it so it goes to someone else. */
    @SqlUpdate("""
            UPDATE ticket SET returned_by = CASE WHEN :agentId IS NULL THEN assignee_id ELSE returned_by END,
                   assignee_id = :agentId, updated_at = :now
            WHERE id = :id
            """)
    void reassign(@Bind("id") long id, @Bind("agentId") Long agentId, @Bind("now") Instant now);

    /** Agents with their open tickets and how many of those breached a service level, for supervisors. */
    record AgentLoad(long id, String username, String displayName, String role, String status, String languages,
            String topics, int capacity, long openTickets, long breached) {
    }

    @SqlQuery("""
            SELECT a.id, a.username, a.display_name, a.role, a.status, a.languages, a.topics, a.capacity,
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

    @SqlUpdate("UPDATE ticket SET status = 'closed', closed_at = :now, updated_at = :now WHERE id = :id")
    void close(@Bind("id") long id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket SET followup_score = :score, updated_at = :now WHERE id = :id")
    void setFollowup(@Bind("id") long id, @Bind("score") int score, @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO ticket_message (ticket_id, kind, agent_id, body, delivery, sent_via, created_at)
            VALUES (:ticketId, :kind, :agentId, :body, :delivery, :via, :now)
            """)
    @GetGeneratedKeys("id")
    long addMessage(@Bind("ticketId") long ticketId, @Bind("kind") String kind, @Bind("agentId") Long agentId,
            @Bind("body") String body, @Bind("delivery") String delivery, @Bind("via") String via,
            @Bind("now") Instant now);

    @SqlUpdate("UPDATE ticket_message SET delivery = :delivery, sent_via = COALESCE(:via, sent_via) WHERE id = :id")
    void setDelivery(@Bind("id") long id, @Bind("delivery") String delivery, @Bind("via") String via);

    @SqlQuery("""
            SELECT m.id, m.kind, m.agent_id, a.display_name AS agent_name, m.body, m.delivery, m.sent_via, m.created_at
            FROM ticket_message m LEFT JOIN agent a ON a.id = m.agent_id
            WHERE m.ticket_id = :ticketId ORDER BY m.id
            """)
    @RegisterConstructorMapper(TicketMessage.class)
    List<TicketMessage> messages(@Bind("ticketId") long ticketId);


    @SqlQuery("SELECT channel, address FROM customer_address WHERE customer_id = :customerId ORDER BY id DESC")
    @RegisterConstructorMapper(CustomerAddress.class)
    List<CustomerAddress> addressesOf(@Bind("customerId") long customerId);

    /** The latest messages from one address, newest first, with the replies given. */
    @SqlQuery("""
            SELECT channel, body, reply, received_at FROM inbound_message
            WHERE channel = :channel AND from_address = :address
            ORDER BY received_at DESC, id DESC LIMIT :limit
            """)
    @RegisterConstructorMapper(TranscriptMessage.class)
    List<TranscriptMessage> messagesFrom(@Bind("channel") String channel, @Bind("address") String address,
            @Bind("limit") int limit);

    @SqlQuery("SELECT MAX(received_at) FROM inbound_message WHERE channel = :channel AND from_address = :address")
    Optional<Instant> lastMessageAt(@Bind("channel") String channel, @Bind("address") String address);

    /**
     * Customer-service messages to a WeChat customer queued or sent since {@code since} (their last message):
     * WeChat allows 5 of them; template messages and messages that never went do not count.
     */
    @SqlQuery("""
            SELECT COUNT(*) FROM outbound_message
            WHERE channel = 'wechat' AND to_address = :openId AND created_at >= :since
              AND status NOT IN ('failed', 'suppressed') AND COALESCE(provider_message_id, '') <> 'template'
            """)
    int weChatMessagesSince(@Bind("openId") String openId, @Bind("since") Instant since);

    @SqlQuery("""
            SELECT address FROM customer_address WHERE customer_id = :customerId AND channel = :channel
            ORDER BY id DESC LIMIT 1
            """)
    Optional<String> addressOf(@Bind("customerId") long customerId, @Bind("channel") String channel);


    @SqlQuery("""
            SELECT a.invitation_id, p.order_id, i.channel, a.question_id, a.question_type, a.score, a.choice_value,
                   a.text_value, a.skipped, a.sentiment_label, a.sentiment_score, a.sentiment_aspects, a.answered_at
            FROM survey_answer a JOIN survey_invitation i ON i.id = a.invitation_id
                 JOIN purchase p ON p.id = i.purchase_id
            WHERE i.customer_id = :customerId ORDER BY a.answered_at DESC, a.id DESC LIMIT :limit
            """)
    @RegisterConstructorMapper(SurveyAnswer.class)
    List<SurveyAnswer> surveyAnswersOf(@Bind("customerId") long customerId, @Bind("limit") int limit);
}
