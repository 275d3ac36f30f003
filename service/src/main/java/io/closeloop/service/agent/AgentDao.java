package io.closeloop.service.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Agents, their sessions, their open consoles and the audit log. */
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
                   capacity = :capacity, status = :status, status_manual = :manual
            WHERE id = :id
            """)
    void update(@Bind("id") long id, @Bind("displayName") String displayName, @Bind("role") String role,
            @Bind("languages") String languages, @Bind("topics") String topics, @Bind("capacity") int capacity,
            @Bind("status") String status, @Bind("manual") boolean manual);

    /** A status a person chose; {@code manual} (away, offline) keeps presence from changing it. */
    @SqlUpdate("UPDATE agent SET status = :status, status_manual = :manual WHERE id = :id")
    void setStatus(@Bind("id") long id, @Bind("status") String status, @Bind("manual") boolean manual);

    /** A change by presence: only from the status it saw, and never over a person's choice. */
    @SqlUpdate("UPDATE agent SET status = :to WHERE id = :id AND status = :from AND status_manual = FALSE")
    int changeStatusAutomatically(@Bind("id") long id, @Bind("from") String from, @Bind("to") String to);

    @SqlUpdate("UPDATE agent SET status_manual = FALSE WHERE id = :id")
    void clearManualStatus(@Bind("id") long id);

    /** 1 the first time this sign-in opens the console, 0 after. */
    @SqlUpdate("UPDATE agent_session SET console_opened_at = :now WHERE token_hash = :tokenHash AND console_opened_at IS NULL")
    int openConsole(@Bind("tokenHash") String tokenHash, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE agent_console SET last_seen_at = :now, last_active_at = :active, closed = FALSE, session_hash = :tokenHash
            WHERE agent_id = :agentId AND console_id = :consoleId
            """)
    int touchConsole(@Bind("agentId") long agentId, @Bind("consoleId") String consoleId,
            @Bind("tokenHash") String tokenHash, @Bind("now") Instant now, @Bind("active") Instant lastActive);

    @SqlUpdate("""
            INSERT INTO agent_console (agent_id, console_id, session_hash, last_seen_at, last_active_at, closed)
            VALUES (:agentId, :consoleId, :tokenHash, :now, :active, FALSE)
            """)
    void insertConsole(@Bind("agentId") long agentId, @Bind("consoleId") String consoleId,
            @Bind("tokenHash") String tokenHash, @Bind("now") Instant now, @Bind("active") Instant lastActive);

    @SqlUpdate("UPDATE agent_console SET closed = TRUE, last_seen_at = :now WHERE agent_id = :agentId AND console_id = :consoleId")
    int closeConsole(@Bind("agentId") long agentId, @Bind("consoleId") String consoleId, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM agent_console WHERE session_hash = :tokenHash")
    void deleteConsolesOfSession(@Bind("tokenHash") String tokenHash);

    @SqlUpdate("DELETE FROM agent_console WHERE last_seen_at < :before")
    int deleteConsolesSeenBefore(@Bind("before") Instant before);

    /** One console of an agent whose status presence may change, with that agent's status. */
    record ConsoleRow(long agentId, String status, boolean statusManual, Instant lastSeenAt, Instant lastActiveAt,
                      boolean closed) {
    }

    @SqlQuery("""
            SELECT c.agent_id, a.status, a.status_manual, c.last_seen_at, c.last_active_at, c.closed
            FROM agent_console c JOIN agent a ON a.id = c.agent_id WHERE c.agent_id = :agentId
            """)
    @RegisterConstructorMapper(ConsoleRow.class)
    List<ConsoleRow> consolesOf(@Bind("agentId") long agentId);

    @SqlQuery("""
            SELECT c.agent_id, a.status, a.status_manual, c.last_seen_at, c.last_active_at, c.closed
            FROM agent_console c JOIN agent a ON a.id = c.agent_id WHERE a.status_manual = FALSE
            ORDER BY c.agent_id
            """)
    @RegisterConstructorMapper(ConsoleRow.class)
    List<ConsoleRow> consolesOfAutomaticAgents();

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
