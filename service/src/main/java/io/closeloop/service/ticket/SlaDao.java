package io.closeloop.service.ticket;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Due times and breaches of tickets. */
public interface SlaDao {

    record NewTicket(long id, Instant createdAt) {
    }

    record Overdue(long id, String reason, String locale, Long assigneeId, Instant due) {
    }

    @SqlQuery("SELECT id, created_at FROM ticket WHERE first_response_due IS NULL LIMIT 500")
    @RegisterConstructorMapper(NewTicket.class)
    List<NewTicket> withoutDueTimes();

    @SqlUpdate("""
            UPDATE ticket SET first_response_due = :firstResponse, resolution_due = :resolution
            WHERE id = :id AND first_response_due IS NULL
            """)
    void setDueTimes(@Bind("id") long id, @Bind("firstResponse") Instant firstResponse,
            @Bind("resolution") Instant resolution);

    @SqlQuery("""
            SELECT id, reason, locale, assignee_id, first_response_due AS due FROM ticket
            WHERE first_response_breached = FALSE AND first_response_at IS NULL AND first_response_due < :now
              AND status NOT IN ('resolved', 'closed')
            """)
    @RegisterConstructorMapper(Overdue.class)
    List<Overdue> firstResponseOverdue(@Bind("now") Instant now);

    @SqlQuery("""
            SELECT id, reason, locale, assignee_id, resolution_due AS due FROM ticket
            WHERE resolution_breached = FALSE AND resolution_due < :now AND status NOT IN ('resolved', 'closed')
            """)
    @RegisterConstructorMapper(Overdue.class)
    List<Overdue> resolutionOverdue(@Bind("now") Instant now);

    /** Marks a breach once (the condition makes a second instance's update a no-op) and raises the priority. */
    @SqlUpdate("""
            UPDATE ticket SET first_response_breached = TRUE, priority = priority + 1
            WHERE id = :id AND first_response_breached = FALSE
            """)
    int markFirstResponseBreached(@Bind("id") long id);

    @SqlUpdate("""
            UPDATE ticket SET resolution_breached = TRUE, priority = priority + 1
            WHERE id = :id AND resolution_breached = FALSE
            """)
    int markResolutionBreached(@Bind("id") long id);

    /** Tickets still without a first response that have not yet had their waiting raise, oldest first. */
    @SqlQuery("""
            SELECT id, created_at FROM ticket WHERE waiting_raised = FALSE AND first_response_at IS NULL
              AND status IN ('new', 'open') AND created_at < :before ORDER BY created_at LIMIT 500
            """)
    @RegisterConstructorMapper(NewTicket.class)
    List<NewTicket> waitingSince(@Bind("before") Instant before);

    @SqlUpdate("UPDATE ticket SET waiting_raised = TRUE, priority = priority + 1 WHERE id = :id AND waiting_raised = FALSE")
    int raiseForWaiting(@Bind("id") long id);

    /** Resolved tickets the customer did not reopen within the grace period are closed. */
    @SqlUpdate("""
            UPDATE ticket SET status = 'closed', closed_at = :now, updated_at = :now
            WHERE status = 'resolved' AND resolved_at < :cutoff
            """)
    int closeResolvedBefore(@Bind("cutoff") Instant cutoff, @Bind("now") Instant now);
}
