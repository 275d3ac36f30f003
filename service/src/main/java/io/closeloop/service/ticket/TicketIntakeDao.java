package io.closeloop.service.ticket;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** How tickets open: a new one or the customer's open one, and the facts that set its priority. */
public interface TicketIntakeDao {

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

    @SqlQuery("SELECT status FROM ticket WHERE id = :id")
    Optional<String> ticketStatus(@Bind("id") long id);
}
