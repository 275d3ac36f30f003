package io.closeloop.service.agent;

import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.config.SecretString;
import io.closeloop.service.i18n.SupportedLocales;
import io.closeloop.service.security.TokenGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent accounts and sign-in: PBKDF2 password hashes, sessions as random tokens stored only as SHA-256, a CSRF
 * token per session for cookie sign-ins, lockout after repeated failures, and an audit row for each of it.
 */
public final class Agents {
    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);
    public static final Set<String> ROLES = Set.of("agent", "supervisor", "admin");
    public static final Set<String> STATUSES = Set.of("online", "away", "offline");

    public record Settings(Duration sessionTtl, int maxFailedLogins, Duration lockout) {
    }

    /** An agent as the API shows it. */
    public record Agent(long id, String username, String displayName, String role, String status,
                        List<String> languages, List<String> topics, int capacity) {
        static Agent of(AgentRow row) {
            return new Agent(row.id(), row.username(), row.displayName(), row.role(), row.status(), split(row.languages()),
                    split(row.topics()), row.capacity());
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isAdmin() {
            return role.equals("admin");
        }
    }

    /** A signed-in agent: the token goes in the cookie (or a bearer header), the CSRF token in a header. */
    public record Session(String token, String csrfToken, Agent agent, Instant expiresAt) {
    }

    /** Who a request comes from, and the CSRF token its unsafe cookie requests must carry. */
    public record Authenticated(Agent agent, String csrfToken, String tokenHash) {
    }

    public record NewAgent(String username, String password, String displayName, String role, List<String> languages,
                           List<String> topics, Integer capacity) {
    }

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final TokenGenerator tokens;
    private final Clock clock;
    private final Settings settings;
    /** A hash to check unknown usernames against, so they take as long as known ones; made on first use. */
    private volatile String dummyHash;

    public Agents(Jdbi jdbi, PasswordHasher hasher, TokenGenerator tokens, Clock clock, Settings settings) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.tokens = tokens;
        this.clock = clock;
        this.settings = settings;
    }

    /** Creates the configured first admin if no agent has that name yet. */
    public void ensureInitialAdmin(String configured, SecretString password) {
        String username = configured.strip().toLowerCase(Locale.ROOT);
        if (jdbi.withExtension(AgentDao.class, dao -> dao.byUsername(username)).isEmpty()) {
            jdbi.useExtension(AgentDao.class, dao -> {
                long id = dao.insert(username, username, "admin", hasher.hash(password.reveal()), "en", "", 5, now());
                dao.audit(id, "agent_created", null, "initial admin from configuration", now());
            });
            LOG.info("Created the first admin, {}, from agents.initialAdminUser and agents.initialAdminPassword "
                    + "(CLOSELOOP_ADMIN_USER, CLOSELOOP_ADMIN_PASSWORD); sign in at /console", username);
        }
    }

    public Session login(String username, String password) {
        FieldProblems problems = new FieldProblems();
        if (username == null || username.isBlank()) {
            problems.add("username", "is required");
        }
        if (password == null || password.isEmpty()) {
            problems.add("password", "is required");
        }
        problems.throwIfAny();
        Instant now = now();
        Optional<AgentRow> found = jdbi.withExtension(AgentDao.class, dao -> dao.byUsername(username.strip().toLowerCase(Locale.ROOT)));
        if (found.isEmpty()) {
            if (dummyHash == null) {
                dummyHash = hasher.hash("not a password anyone has");
            }
            hasher.matches(password, dummyHash);
            throw invalidCredentials();
        }
        AgentRow agent = found.get();
        if (agent.lockedUntil() != null && agent.lockedUntil().isAfter(now)) {
            throw new DomainException(429, "account_locked", "Too many failed sign-ins; this account is locked until "
                    + agent.lockedUntil() + ".");
        }
        if (!hasher.matches(password, agent.passwordHash())) {
            jdbi.useTransaction(handle -> {
                AgentDao dao = handle.attach(AgentDao.class);
                dao.countFailure(agent.id());
                dao.audit(agent.id(), "login_failed", null, null, now);
                if (agent.failedLogins() + 1 >= settings.maxFailedLogins()) {
                    dao.lock(agent.id(), now.plus(settings.lockout()));
                    dao.audit(agent.id(), "locked", null, settings.maxFailedLogins() + " failed sign-ins", now);
                    LOG.warn("Locked agent {} after {} failed sign-ins", agent.username(), settings.maxFailedLogins());
                }
            });
            throw invalidCredentials();
        }
        String token = "cls_" + tokens.newToken();
        String csrf = tokens.newToken();
        Instant expires = now.plus(settings.sessionTtl());
        jdbi.useTransaction(handle -> {
            AgentDao dao = handle.attach(AgentDao.class);
            dao.clearFailures(agent.id());
            dao.deleteExpiredSessions(now);
            dao.createSession(sha256(token), agent.id(), csrf, now, expires);
            dao.audit(agent.id(), "login", null, null, now);
        });
        return new Session(token, csrf, Agent.of(agent), expires);
    }

    /** Ends the session; an agent with no console open elsewhere is offline. */
    public void logout(Authenticated who) {
        Instant now = now();
        jdbi.useTransaction(handle -> {
            AgentDao dao = handle.attach(AgentDao.class);
            dao.deleteSession(who.tokenHash());
            dao.audit(who.agent().id(), "logout", null, null, now);
            AgentPresence.signedOut(handle, who, now);
        });
    }

    public Optional<Authenticated> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = sha256(token);
        Instant now = now();
        return jdbi.withExtension(AgentDao.class, dao -> dao.session(hash)
                .filter(s -> s.expiresAt().isAfter(now))
                .flatMap(s -> dao.byId(s.agentId()).map(a -> new Authenticated(Agent.of(a), s.csrfToken(), hash))));
    }

    public Agent create(Agent actor, NewAgent request) {
        if (!actor.isAdmin()) {
            throw new DomainException(403, "forbidden", "Only admins create agents.");
        }
        return create(actor.id(), request, "");
    }

    /** For the operator at the server ({@code agents add}): the same rules, nobody signed in. */
    public Agent createFromCommandLine(NewAgent request) {
        return create(null, request, " (command line)");
    }

    private Agent create(Long actorId, NewAgent request, String how) {
        FieldProblems problems = new FieldProblems();
        NewAgent r = request == null ? new NewAgent(null, null, null, null, null, null, null) : request;
        String username = r.username() == null ? "" : r.username().strip().toLowerCase(Locale.ROOT);
        if (!username.matches("[a-z0-9][a-z0-9._-]{2,63}")) {
            problems.add("username", "must be 3-64 letters, digits, '.', '_' or '-'");
        }
        if (r.password() == null || r.password().length() < 12 || r.password().length() > 200) {
            problems.add("password", "must have 12-200 characters");
        }
        String role = r.role() == null ? "agent" : r.role().strip().toLowerCase(Locale.ROOT);
        if (!ROLES.contains(role)) {
            problems.add("role", "must be agent, supervisor or admin");
        }
        List<String> languages = languages(r.languages() == null || r.languages().isEmpty() ? List.of("en") : r.languages(),
                problems);
        List<String> topics = topics(r.topics() == null ? List.of() : r.topics(), problems);
        int capacity = capacity(r.capacity() == null ? 5 : r.capacity(), problems);
        String displayName = r.displayName() == null || r.displayName().isBlank() ? username : r.displayName().strip();
        if (displayName.length() > 100) {
            problems.add("displayName", "has at most 100 characters");
        }
        problems.throwIfAny();
        if (jdbi.withExtension(AgentDao.class, dao -> dao.byUsername(username)).isPresent()) {
            throw new DomainException(409, "agent_exists", "An agent named " + username + " exists already.");
        }
        String hash = hasher.hash(r.password());
        return jdbi.inTransaction(handle -> {
            AgentDao dao = handle.attach(AgentDao.class);
            long id = dao.insert(username, displayName, role, hash, String.join(",", languages), String.join(",", topics),
                    capacity, now());
            dao.audit(actorId, "agent_created", null, username + " as " + role + how, now());
            return Agent.of(dao.byId(id).orElseThrow());
        });
    }

    /** What a supervisor or admin may change about an agent; absent fields stay as they are. */
    public record AgentChange(String displayName, String role, List<String> languages, List<String> topics,
                              Integer capacity, String status) {
    }

    /**
     * Supervisors and admins change an agent's languages, topics (skills), capacity and status; admins the role,
     * and only admins change an admin.
     */
    public Agent update(Agent actor, long id, AgentChange change) {
        if (actor.role().equals("agent")) {
            throw new DomainException(403, "forbidden", "Only supervisors and admins change agents.");
        }
        AgentChange c = change == null ? new AgentChange(null, null, null, null, null, null) : change;
        FieldProblems problems = new FieldProblems();
        String role = c.role() == null ? null : c.role().strip().toLowerCase(Locale.ROOT);
        if (role != null && !ROLES.contains(role)) {
            problems.add("role", "must be agent, supervisor or admin");
        } else if (role != null && !actor.isAdmin()) {
            problems.add("role", "only an admin changes roles");
        }
        List<String> languages = c.languages() == null ? null : languages(c.languages(), problems);
        if (languages != null && languages.isEmpty()) {
            problems.add("languages", "name at least one language");
        }
        List<String> topics = c.topics() == null ? null : topics(c.topics(), problems);
        Integer capacity = c.capacity() == null ? null : capacity(c.capacity(), problems);
        String status = c.status() == null ? null : c.status().strip().toLowerCase(Locale.ROOT);
        if (status != null && !STATUSES.contains(status)) {
            problems.add("status", "must be online, away or offline");
        }
        String displayName = c.displayName() == null ? null : c.displayName().strip();
        if (displayName != null && (displayName.isEmpty() || displayName.length() > 100)) {
            problems.add("displayName", "has 1-100 characters");
        }
        problems.throwIfAny();
        return jdbi.inTransaction(handle -> {
            AgentDao dao = handle.attach(AgentDao.class);
            AgentRow row = dao.byId(id).orElseThrow(() -> DomainException.notFound("agent_not_found", "There is no agent " + id));
            if (row.role().equals("admin") && !actor.isAdmin()) {
                throw new DomainException(403, "forbidden", "Only admins change an admin's account.");
            }
            dao.update(id, displayName == null ? row.displayName() : displayName, role == null ? row.role() : role,
                    languages == null ? row.languages() : String.join(",", languages),
                    topics == null ? row.topics() : String.join(",", topics),
                    capacity == null ? row.capacity() : capacity, status == null ? row.status() : status,
                    status == null ? row.statusManual() : !status.equals("online"));
            dao.audit(actor.id(), "agent_changed", null, row.username(), now());
            return Agent.of(dao.byId(id).orElseThrow());
        });
    }

    private static List<String> languages(List<String> tags, FieldProblems problems) {
        List<String> languages = new ArrayList<>();
        for (String tag : tags) {
            SupportedLocales.normalize(tag).ifPresentOrElse(languages::add,
                    () -> problems.add("languages", "'" + tag + "' is not a language tag"));
        }
        return languages;
    }

    /** Topics are the aspects tickets are filed under (delivery, refund, …); none: every topic. */
    private static List<String> topics(List<String> names, FieldProblems problems) {
        List<String> topics = names.stream().map(t -> t == null ? "" : t.strip()).distinct().toList();
        if (topics.stream().anyMatch(t -> !t.matches("[a-z0-9_]{1,40}"))) {
            problems.add("topics", "are 1-40 lower-case letters, digits or _");
        }
        return topics;
    }

    private static int capacity(int capacity, FieldProblems problems) {
        if (capacity < 1 || capacity > 50) {
            problems.add("capacity", "must be 1-50");
        }
        return capacity;
    }

    public Agent setStatus(Agent actor, String status) {
        String wanted = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(wanted)) {
            new FieldProblems().add("status", "must be online, away or offline").throwIfAny();
        }
        return jdbi.inTransaction(handle -> {
            AgentDao dao = handle.attach(AgentDao.class);
            // Away and offline by hand stay until changed; online is the console's to keep (idle, closed: away).
            dao.setStatus(actor.id(), wanted, !wanted.equals("online"));
            dao.audit(actor.id(), "status", null, wanted, now());
            return Agent.of(dao.byId(actor.id()).orElseThrow());
        });
    }

    public Agent me(Agent actor) {
        return jdbi.withExtension(AgentDao.class, dao -> dao.byId(actor.id()).map(Agent::of).orElseThrow());
    }

    private static DomainException invalidCredentials() {
        return new DomainException(401, "invalid_credentials", "The username or the password is wrong.");
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.stream(list.split(",")).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
