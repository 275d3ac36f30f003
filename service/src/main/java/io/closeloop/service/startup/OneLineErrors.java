package io.closeloop.service.startup;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * Wraps a command so that a failure reaches the terminal as one line saying what went wrong and what to do,
 * never as a stack trace (Dropwizard prints the whole trace). {@code CLOSELOOP_TRACE=1} adds the trace for
 * whoever debugs Closeloop itself.
 */
public final class OneLineErrors extends Command {

    private final Command command;
    private final Function<String, String> environment;

    public OneLineErrors(Command command, Function<String, String> environment) {
        super(command.getName(), command.getDescription());
        this.command = command;
        this.environment = environment;
    }

    @Override
    public void configure(Subparser subparser) {
        command.configure(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        command.run(bootstrap, namespace);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("closeloop " + getName() + ": " + describe(e, namespace.getString("file")));
        if ("1".equals(environment.apply("CLOSELOOP_TRACE"))) {
            e.printStackTrace(cli.getStdErr());
        }
        cli.getStdErr().flush();
    }

    /** One line for a failure: the message meant for a person when there is one, else the likeliest cause. */
    static String describe(Throwable e, String configFile) {
        String file = configFile == null ? "the configuration" : configFile;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CommandFailure failure) {
                return failure.getMessage();
            }
            if (t instanceof UndefinedEnvironmentVariableException undefined) {
                String variable = undefined.getMessage().replaceFirst("(?s).*variable '([^']+)'.*", "$1");
                return file + " needs the environment variable " + variable + "; set it and start again";
            }
            if (t instanceof ConfigurationValidationException invalid) {
                return file + ": " + invalid.getErrors().stream().map(OneLineErrors::firstLine)
                        .map(s -> s.replaceFirst("^\\s*\\*\\s*", "")).collect(Collectors.joining("; "));
            }
            if (t instanceof ConfigurationException parsing) {
                Throwable root = rootCause(parsing);
                String why = root instanceof IllegalArgumentException && root.getMessage() != null ? root.getMessage()
                        : parsing.getErrors().stream().map(OneLineErrors::firstLine)
                                .map(s -> s.replaceFirst("^\\s*\\*\\s*", "")).collect(Collectors.joining("; "));
                return file + ": " + why;
            }
            if (t instanceof SQLException sql) {
                return "the database refused: " + firstLine(sql.getMessage()) + " (check the database section of " + file + ")";
            }
        }
        Throwable root = rootCause(e);
        return "failed: " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()))
                + " (CLOSELOOP_TRACE=1 shows where)";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
