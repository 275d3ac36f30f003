package io.closeloop.service.nlp;

import io.closeloop.service.startup.CommandFailure;
import io.closeloop.service.startup.Databases;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.closeloop.nlp.intent.TrainingReport;
import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.ErrorBody;
import io.closeloop.service.db.InstantColumns;
import io.closeloop.service.db.Migrations;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Loads an FAQ straight into the configured database, for a first start with no FAQ or without the API:
 * {@code java -jar closeloop.jar faq import faq.csv config/mysql.yml}. The file is checked and trained as
 * {@code POST /api/v1/faq/import} does it, before anything is written; a running service on the same
 * database picks the new FAQ up within 30 seconds. {@code faq import --demo <config>} loads the built-in demo
 * FAQ, and only into an empty FAQ.
 */
public final class FaqCommand extends ConfiguredCommand<CloseloopConfiguration> {

    /** A failure the user can act on: its message is all they need to read. */
    public FaqCommand() {
        super("faq", "Load an FAQ into the configured database: faq import <file.csv|file.json> <config>");
    }

    @Override
    public void configure(Subparser subparser) {
        Subparser importing = subparser.addSubparsers().dest("action").metavar("ACTION").addParser("import")
                .help("import an FAQ file (CSV or JSON, as POST /api/v1/faq/import), replacing the FAQ")
                .description("Checks and trains the FAQ file, then replaces the FAQ in the configured database. "
                        + "A bad file changes nothing. A running service picks the new FAQ up within 30 seconds.");
        importing.addArgument("--demo").action(Arguments.storeTrue())
                .help("load the built-in demo FAQ instead of a file, only into an empty FAQ");
        importing.addArgument("faqFile").metavar("file.csv|file.json").nargs("?")
                .help("CSV with the header intent,locale,question,answer, or JSON {\"entries\": [...]}");
        addFileArgument(importing).metavar("config.yml");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Map<String, Object> arguments = new HashMap<>(namespace.getAttrs());
        boolean demo = Boolean.TRUE.equals(arguments.get("demo"));
        if (demo && arguments.get("file") == null) {
            // "faq import --demo config.yml": the one path given is the configuration.
            arguments.put("file", arguments.get("faqFile"));
            arguments.put("faqFile", null);
        }
        if (demo && arguments.get("faqFile") != null) {
            throw new CommandFailure("Give either an FAQ file or --demo, not both: faq import <file.csv|file.json> <config>");
        }
        if (!demo && (arguments.get("faqFile") == null || arguments.get("file") == null)) {
            throw new CommandFailure("Name the FAQ file and the configuration: faq import <file.csv|file.json> <config> "
                    + "(or faq import --demo <config>)");
        }
        if (arguments.get("file") == null) {
            throw new CommandFailure("Name the configuration file: faq import --demo <config>, e.g. config/mysql.yml");
        }
        super.run(bootstrap, new Namespace(arguments));
    }

    @Override
    protected void run(Bootstrap<CloseloopConfiguration> bootstrap, Namespace namespace, CloseloopConfiguration config)
            throws Exception {
        // The command's own summary or refusal is its output: the configuration's INFO logging, the matcher's
        // optimiser notes and the connection pool's stack trace for a database it cannot open would bury it.
        ch.qos.logback.classic.LoggerContext logging =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        logging.getLogger("edu.stanford.nlp").setLevel(ch.qos.logback.classic.Level.ERROR);
        logging.getLogger("org.apache.tomcat.jdbc.pool").setLevel(ch.qos.logback.classic.Level.OFF);
        boolean demo = namespace.getBoolean("demo");
        String name = demo ? "the demo FAQ" : namespace.getString("faqFile");
        Faq.Trained trained = demo ? Faq.trainCsv(Faq.demoCsv()) : checkAndTrain(bootstrap, Path.of(name));

        ManagedDataSource dataSource = config.getDataSourceFactory().build(new MetricRegistry(), "faq-import");
        try {
            Databases.open(config.getDataSourceFactory(),
                    "stop the service first, or import through POST /api/v1/faq/import", () -> { });
            Migrations migrations = new Migrations(dataSource);
            if (config.isMigrateOnStart()) {
                migrations.apply();
            } else if (!migrations.pending().isEmpty()) {
                throw new CommandFailure("The database is missing Closeloop's tables or their latest changes, and this "
                        + "configuration does not migrate on start: run db migrate " + namespace.getString("file")
                        + " first. Nothing was imported.");
            }
            Jdbi jdbi = InstantColumns.install(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()));
            Faq faq = new Faq(jdbi);
            TrainingReport report = trained.report();
            if (demo) {
                if (!faq.storeIfEmpty(trained, "the demo FAQ, loaded by the faq import command")) {
                    FaqDao.Version stored = jdbi.withExtension(FaqDao.class, FaqDao::version);
                    throw new CommandFailure("The FAQ already has " + stored.entries() + " questions; the demo FAQ only "
                            + "goes into an empty FAQ. Nothing changed.");
                }
            } else {
                faq.store(trained, "imported from " + Path.of(name).getFileName() + " by the faq import command");
            }
            System.out.println("Imported " + name + " into " + describe(config) + ": " + report.intents()
                    + " intents, " + report.examples() + " questions, trained in "
                    + String.format(Locale.ROOT, "%.1f s", report.trainingTime().toMillis() / 1000.0)
                    + ". A running service picks it up within 30 seconds.");
        } finally {
            dataSource.stop();
        }
    }

    /** Reads, checks and trains the file as the import API does; nothing is written yet. */
    private static Faq.Trained checkAndTrain(Bootstrap<CloseloopConfiguration> bootstrap, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailure("There is no FAQ file " + file + ": give the path of a CSV or JSON FAQ file.");
        } catch (MalformedInputException e) {
            throw new CommandFailure("The FAQ file " + file + " is not UTF-8 text: save it as UTF-8 (CSV or JSON).");
        } catch (IOException e) {
            throw new CommandFailure("Cannot read the FAQ file " + file + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            if (text.stripLeading().startsWith("{")) {
                Faq.Import request = bootstrap.getObjectMapper().readValue(text, Faq.Import.class);
                return Faq.trainEntries(request == null ? null : request.entries());
            }
            return Faq.trainCsv(text);
        } catch (JsonProcessingException e) {
            throw new CommandFailure(file + " was not imported; nothing changed. It is not the JSON of an FAQ import "
                    + "({\"entries\": [{intent, answers, questions}]}): " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (DomainException e) {
            throw new CommandFailure(problems(file, e));
        }
    }

    /** Every problem of the file, one per line under a first line that says nothing changed. */
    private static String problems(Path file, DomainException e) {
        List<ErrorBody.FieldProblem> details = e.details();
        if (details.isEmpty()) {
            return file + " was not imported; nothing changed. " + e.getMessage();
        }
        return file + " was not imported; nothing changed. " + details.size()
                + (details.size() == 1 ? " problem:" : " problems:")
                + details.stream().map(p -> "\n  " + p.field() + ": " + p.message()).collect(Collectors.joining());
    }

    /** The database URL without its parameters, which may carry a password. */
    private static String describe(CloseloopConfiguration config) {
        return config.getDataSourceFactory().getUrl().replaceAll("[?;].*$", "");
    }
}
