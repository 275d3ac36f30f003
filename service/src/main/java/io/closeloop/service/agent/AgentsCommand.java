package io.closeloop.service.agent;

import io.closeloop.service.startup.CommandFailure;
import io.closeloop.service.startup.Databases;
import com.codahale.metrics.MetricRegistry;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.db.InstantColumns;
import io.closeloop.service.db.Migrations;
import io.closeloop.service.security.TokenGenerator;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * For the operator: {@code java -jar closeloop.jar agents add config/mysql.yml --username mei --role agent
 * --name "Mei Chen" --languages zh-CN,en}. The password comes from {@code CLOSELOOP_AGENT_PASSWORD}, or is asked
 * for twice on the terminal without echo; never from the command line, where {@code ps} and the shell's history
 * would show it. The agent is made by the same code, with the same rules, as {@code POST /api/v1/agents}.
 */
public final class AgentsCommand extends ConfiguredCommand<CloseloopConfiguration> {
    public static final String PASSWORD_VARIABLE = "CLOSELOOP_AGENT_PASSWORD";
    private static final String ACTION = "agents_action";
    private static final Map<String, String> OPTIONS = Map.of("username", "--username", "role", "--role",
            "displayName", "--name", "languages", "--languages", "topics", "--topics", "capacity", "--capacity",
            "password", "the password");

    /** Reads a password from the person at the terminal without showing it; empty when there is no terminal. */
    @FunctionalInterface
    public interface Terminal {
        Optional<char[]> readPassword(String prompt);
    }

    private final Map<String, String> environment;
    private final Terminal terminal;
    private final PrintStream out;

    public AgentsCommand() {
        this(System.getenv(), prompt -> Optional.ofNullable(System.console()).map(c -> c.readPassword("%s", prompt)),
                System.out);
    }

    /** For tests: the environment, the terminal and the output. */
    public AgentsCommand(Map<String, String> environment, Terminal terminal, PrintStream out) {
        super("agents", "Manage agent accounts: agents add <config> --username ... --role admin|supervisor|agent");
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        Subparser add = subparser.addSubparsers().title("actions").addParser("add").setDefault(ACTION, "add")
                .help("add an agent, supervisor or admin who can then sign in to the console")
                .description("Adds an agent. The password comes from " + PASSWORD_VARIABLE
                        + ", or is asked for on the terminal (not shown).");
        super.configure(add);
        add.addArgument("--username").required(true).help("3-64 letters, digits, '.', '_' or '-'");
        add.addArgument("--role").required(true).choices("admin", "supervisor", "agent").help("what they may do");
        add.addArgument("--name").help("the name others see (default: the username)");
        add.addArgument("--languages").setDefault("en").help("the languages they answer in, e.g. en,zh-CN (default en)");
        add.addArgument("--topics").help("the topics they handle, e.g. delivery,refund (default: every topic)");
        add.addArgument("--capacity").type(Integer.class).help("open tickets at once, 1-50 (default 5)");
    }

    @Override
    protected void run(Bootstrap<CloseloopConfiguration> bootstrap, Namespace namespace, CloseloopConfiguration config) {
        String password = password();
        Agents.NewAgent request = new Agents.NewAgent(namespace.getString("username"), password,
                namespace.getString("name"), namespace.getString("role"), list(namespace.getString("languages")),
                list(namespace.getString("topics")), namespace.getInt("capacity"));
        Databases.open(config.getDataSourceFactory(),
                "stop it first, or add the agent through POST /api/v1/agents as an admin", () -> { });
        ManagedDataSource dataSource = config.getDataSourceFactory().build(new MetricRegistry(), "agents-command");
        try {
            Migrations migrations = new Migrations(dataSource);
            if (config.isMigrateOnStart()) {
                migrations.apply();
            } else if (!migrations.pending().isEmpty()) {
                throw new CommandFailure("The database lacks " + migrations.pending().size() + " migrations; run "
                        + "'java -jar closeloop.jar db migrate <config>' first.");
            }
            Jdbi jdbi = InstantColumns.install(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()));
            Agents agents = new Agents(jdbi, new PasswordHasher(), TokenGenerator.secure(), Clock.systemUTC(),
                    new Agents.Settings(config.getAgents().sessionTtl().toJavaDuration(),
                            config.getAgents().maxFailedLogins(), config.getAgents().lockout().toJavaDuration()));
            Agents.Agent agent = agents.createFromCommandLine(request);
            out.println("Added " + agent.role() + " " + agent.username() + " (id " + agent.id() + ", languages "
                    + String.join(",", agent.languages()) + "); they sign in at " + config.getApi().publicBaseUrl()
                    + "/console");
        } catch (DomainException e) {
            throw new CommandFailure(oneLine(e), e);
        } finally {
            try {
                dataSource.stop();
            } catch (Exception e) {
                // the pool was never used, or is gone already
            }
        }
    }

    private String password() {
        String fromEnvironment = environment.get(PASSWORD_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        char[] first = terminal.readPassword("Password for the new agent (12+ characters): ")
                .orElseThrow(() -> new CommandFailure("No password: set " + PASSWORD_VARIABLE
                        + " or run 'agents add' in a terminal, where it asks for one."));
        char[] again = terminal.readPassword("The same password again: ").orElse(new char[0]);
        try {
            if (!Arrays.equals(first, again)) {
                throw new CommandFailure("The two passwords differ; nothing was added. Run 'agents add' again.");
            }
            return new String(first);
        } finally {
            Arrays.fill(first, '\0');
            Arrays.fill(again, '\0');
        }
    }

    private static String oneLine(DomainException e) {
        if (e.details().isEmpty()) {
            return "Cannot add the agent: " + e.getMessage();
        }
        return "Cannot add the agent: " + e.details().stream()
                .map(p -> OPTIONS.getOrDefault(p.field(), p.field()) + " " + p.message())
                .collect(Collectors.joining("; ")) + ".";
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? null
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
