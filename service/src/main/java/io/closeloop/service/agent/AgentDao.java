package io.closeloop.service.agent;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Agents, their sessions and the audit log. */
@RegisterConstructorMapper(AgentRow.class)
public interface AgentDao {

    @SqlQuery("SELECT * FROM agent WHERE username = :username")
    Optional<AgentRow> byUsername(@Bind("username") String username);

    @SqlQuery("SELECT * FROM agent WHERE id = :id")
    Optional<AgentRow> byId(@Bind("id") long id);

    @SqlUpdate("""
            INSERT INTO agent (username, display_name, role, password_hash, status, languages, topics, capacity,
                failed_logins, created_at)
            VALUES (:username, :displayName, :role, :passwordHash, 'offline', :languages, :topics, :capacity, 0, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("username") String username, @Bind("displayName") String displayName, @Bind("role") String role,
            @Bind("passwordHash") String passwordHash, @Bind("languages") String languages,
            @Bind("topics") String topics, @Bind("capacity") int capacity, @Bind("now") Instant now);

    @SqlUpdate("UPDATE agent SET failed_logins = failed_logins + 1 WHERE id = :id")
    void countFailure(@Bind("id") long id);

    @SqlUpdate("UPDATE agent SET failed_logins = 0, locked_until = :until WHERE id = :id")
    void lock(@Bind("id") long id, @Bind("until") Instant until);

    @SqlUpdate("UPDATE agent SET failed_logins = 0, locked_until = NULL WHERE id = :id")
    void clearFailures(@Bind("id") long id);

    @SqlUpdate("""
            UPDATE agent SET display_name = :displayName, role = :role, languages = :languages, topics = :topics,
                   capacity = :capacity, status = :status
            WHERE id = :id
            """)
    void update(@Bind("id") long id, @Bind("displayName") String displayName, @Bind("role") String role,
            @Bind("languages") String languages, @Bind("topics") String topics, @Bind("capacity") int capacity,
            @Bind("status") String status);

    @SqlUpdate("UPDATE agent SET status = :status WHERE id = :id")
    void setStatus(@Bind("id") long id, @Bind("status") String status);

    @SqlUpdate("""
            INSERT INTO agent_session (token_hash, agent_id, csrf_token, created_at, expires_at)
            VALUES (:tokenHash, :agentId, :csrf, :now, :expires)
            """)
    void createSession(@Bind("tokenHash") String tokenHash, @Bind("agentId") long agentId, @Bind("csrf") String csrf,
            @Bind("now") Instant now, @Bind("expires") Instant expires);

    record SessionRow(long agentId, String csrfToken, Instant expiresAt) {
    }

    @SqlQuery("SELECT agent_id, csrf_token, expires_at FROM agent_session WHERE token_hash = :tokenHash")
    @RegisterConstructorMapper(SessionRow.class)
    Optional<SessionRow> session(@Bind("tokenHash") String tokenHash);

    @SqlUpdate("DELETE FROM agent_session WHERE token_hash = :tokenHash")
    void deleteSession(@Bind("tokenHash") String tokenHash);

    @SqlUpdate("DELETE FROM agent_session WHERE expires_at < :now")
    int deleteExpiredSessions(@Bind("now") Instant now);

    @SqlUpdate("INSERT INTO audit_log (agent_id, action, ticket_id, detail, at) VALUES (:agentId, :action, :ticketId, :detail, :now)")
    void audit(@Bind("agentId") Long agentId, @Bind("action") String action, @Bind("ticketId") Long ticketId,
            @Bind("detail") String detail, @Bind("now") Instant now);
}
