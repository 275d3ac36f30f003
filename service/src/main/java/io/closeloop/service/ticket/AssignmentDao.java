package io.closeloop.service.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The queries behind automatic assignment. */
public interface AssignmentDao {

    record Waiting(long id, String locale, String topic, Long returnedBy) {
    }

    record Candidate(long id, String languages, String topics, int capacity, long openTickets, Instant lastAssignedAt) {
    }

    @SqlQuery("""
            SELECT id, locale, topic, returned_by FROM ticket WHERE assignee_id IS NULL AND status IN ('new', 'open')
            ORDER BY priority DESC, created_at, id LIMIT :limit
            """)
    @RegisterConstructorMapper(Waiting.class)
    List<Waiting> waiting(@Bind("limit") int limit);

    /** Online agents with their open tickets, least loaded first, then the longest since their last ticket. */
    @SqlQuery("""
            SELECT a.id, a.languages, a.topics, a.capacity, a.last_assigned_at,
                   (SELECT COUNT(*) FROM ticket t WHERE t.assignee_id = a.id
                      AND t.status IN ('new', 'open', 'pending_customer')) AS open_tickets
            FROM agent a WHERE a.status = 'online'
            ORDER BY open_tickets, CASE WHEN a.last_assigned_at IS NULL THEN 0 ELSE 1 END, a.last_assigned_at, a.id
            """)
    @RegisterConstructorMapper(Candidate.class)
    List<Candidate> candidates();

    /** Locks the agent row: assignments to one agent happen one at a time, across instances. */
    @SqlQuery("SELECT id FROM agent WHERE id = :id AND status = 'online' FOR UPDATE")
    Optional<Long> lockOnlineAgent(@Bind("id") long id);

    @SqlQuery("SELECT COUNT(*) FROM ticket WHERE assignee_id = :id AND status IN ('new', 'open', 'pending_customer')")
    long load(@Bind("id") long id);

    @SqlUpdate("""
            UPDATE ticket SET assignee_id = :agentId, status = 'open', updated_at = :now
            WHERE id = :id AND assignee_id IS NULL AND status IN ('new', 'open')
            """)
    int assign(@Bind("id") long id, @Bind("agentId") long agentId, @Bind("now") Instant now);

    @SqlUpdate("UPDATE agent SET last_assigned_at = :now WHERE id = :id")
    void assigned(@Bind("id") long id, @Bind("now") Instant now);

    /** Tickets nobody has taken yet whose locale starts with the pattern's language ({@code "zh%"}). */
    @SqlQuery("SELECT COUNT(*) FROM ticket WHERE assignee_id IS NULL AND status IN ('new', 'open') AND locale LIKE :pattern")
    long waitingIn(@Bind("pattern") String languagePattern);

    record Response(Instant createdAt, Instant firstResponseAt) {
    }

    /** The latest first responses, for a typical waiting time. */
    @SqlQuery("""
            SELECT created_at, first_response_at FROM ticket WHERE first_response_at >= :since
            ORDER BY first_response_at DESC LIMIT 200
            """)
    @RegisterConstructorMapper(Response.class)
    List<Response> recentResponses(@Bind("since") Instant since);
}
