package io.closeloop.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.web.WebLinkSender;
import io.closeloop.service.db.InstantColumns;
import io.closeloop.service.db.Migrations;
import io.closeloop.service.health.MigrationsHealthCheck;
import io.closeloop.service.http.ApiKeyFilter;
import io.closeloop.service.http.BodySizeLimitFilter;
import io.closeloop.service.http.ErrorMappers;
import io.closeloop.service.jobs.InvitationDispatcher;
import io.closeloop.service.metrics.MetricsService;
import io.closeloop.service.resources.MetricsResource;
import io.closeloop.service.resources.PurchaseResource;
import io.closeloop.service.resources.ResponseExportResource;
import io.closeloop.service.resources.SurveyPageResource;
import io.closeloop.service.resources.SurveyResource;
import io.closeloop.service.resources.TemplateResource;
import io.closeloop.service.survey.Messages;
import io.closeloop.service.survey.PurchaseIntake;
import io.closeloop.service.survey.SchedulingPolicy;
import io.closeloop.service.survey.SurveyResponder;
import io.closeloop.service.survey.TemplateCatalog;
import io.closeloop.service.survey.TokenGenerator;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.MigrationsBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The composition root: every object of the service is built here, by hand, from the configuration. */
public class CloseloopApplication extends Application<CloseloopConfiguration> {

    private final Clock clock;
    private final TokenGenerator tokens;
    private final List<MessageSender> extraSenders;
    private Jdbi jdbi;
    private InvitationDispatcher dispatcher;

    public CloseloopApplication() {
        this(Clock.systemUTC(), TokenGenerator.secure(), List.of());
    }

    /** For tests: a controlled clock and token source, and senders that replace the built-in ones. */
    public CloseloopApplication(Clock clock, TokenGenerator tokens, List<MessageSender> extraSenders) {
        this.clock = clock;
        this.tokens = tokens;
        this.extraSenders = List.copyOf(extraSenders);
    }

    public static void main(String[] args) throws Exception {
        new CloseloopApplication().run(args);
    }

    @Override
    public String getName() {
        return "closeloop";
    }

    @Override
    public void initialize(Bootstrap<CloseloopConfiguration> bootstrap) {
        // Strict: a ${VAR} without a default must be set, so mysql.yml refuses to start without an API key.
        // Defaults may themselves name variables: ${CLOSELOOP_PUBLIC_URL:-http://localhost:${CLOSELOOP_PORT:-8080}}.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true, true)));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(CloseloopConfiguration configuration) {
                prepareDataDirectory(configuration);
                return configuration.getDataSourceFactory();
            }

            @Override
            public String getMigrationsFileName() {
                return Migrations.CHANGELOG;
            }
        });
        bootstrap.addBundle(new AssetsBundle("/web/assets", "/assets", null, "survey-assets"));
    }

    @Override
    public void run(CloseloopConfiguration config, Environment environment) {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        ObjectMapper json = environment.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        prepareDataDirectory(config);

        ManagedDataSource dataSource = config.getDataSourceFactory().build(environment.metrics(), "database");
        Jdbi jdbi = InstantColumns.install(
                new JdbiFactory().build(environment, config.getDataSourceFactory(), dataSource, "database"));
        Migrations migrations = new Migrations(dataSource);
        if (config.isMigrateOnStart()) {
            migrations.apply();
        }
        environment.healthChecks().register("migrations", new MigrationsHealthCheck(migrations));

        Messages messages = new Messages();
        TemplateCatalog templates = new TemplateCatalog(jdbi, json, clock);
        templates.ensureDefault(config.getSurveys().defaultTemplateKey());
        SchedulingPolicy policy = new SchedulingPolicy(config.getSurveys());
        List<MessageSender> senders = buildSenders();
        Set<Channel> channels = senders.stream().map(MessageSender::channel)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class)));
        PurchaseIntake intake = new PurchaseIntake(jdbi, templates, policy, tokens, clock, channels,
                config.getSurveys().defaultTemplateKey(), ZoneId.of(config.getSurveys().defaultTimeZone()),
                config.getApi().publicBaseUrl());
        SurveyResponder responder = new SurveyResponder(jdbi, templates, messages, clock);
        MetricsService metrics = new MetricsService(jdbi);
        dispatcher = new InvitationDispatcher(jdbi, senders, policy, messages, intake::surveyUrl, clock,
                config.getScheduler());
        environment.lifecycle().manage(dispatcher);
        this.jdbi = jdbi;

        var jersey = environment.jersey();
        jersey.register(new BodySizeLimitFilter(config.getApi().maxRequestBytes()));
        jersey.register(new ApiKeyFilter(config.getApi().keys()));
        ErrorMappers.all().forEach(jersey::register);
        jersey.register(new PurchaseResource(intake));
        jersey.register(new SurveyResource(responder));
        jersey.register(new SurveyPageResource(responder, messages));
        jersey.register(new MetricsResource(metrics, clock));
        jersey.register(new ResponseExportResource(metrics, json, clock));
        jersey.register(new TemplateResource(templates));
    }

    /** The web-link sender always; senders given by tests replace built-in ones of the same channel. */
    private List<MessageSender> buildSenders() {
        Set<Channel> replaced = extraSenders.stream().map(MessageSender::channel).collect(Collectors.toSet());
        List<MessageSender> builtIn = List.<MessageSender>of(new WebLinkSender()).stream()
                .filter(sender -> !replaced.contains(sender.channel())).toList();
        return java.util.stream.Stream.concat(builtIn.stream(), extraSenders.stream()).toList();
    }

    /** The database access built by {@link #run}, for tests and benchmarks that look behind the API. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The scheduler built by {@link #run}; tests with the background loop off drive it by hand. */
    public InvitationDispatcher dispatcher() {
        return dispatcher;
    }

    private static void prepareDataDirectory(CloseloopConfiguration config) {
        if (config.getDataSourceFactory().getUrl().startsWith("jdbc:h2:file:")) {
            try {
                Files.createDirectories(config.dataDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data folder " + config.dataDirectory(), e);
            }
        }
    }
}
