package io.closeloop.service;

import io.closeloop.service.config.CloseloopConfiguration;
import io.closeloop.nlp.Language;
import io.closeloop.nlp.NlpModels;
import io.closeloop.nlp.sentiment.AspectTaxonomy;
import io.closeloop.service.config.NlpConfig;
import io.closeloop.service.config.ConfigSubstitutor;
import io.closeloop.service.startup.OneLineErrors;
import io.closeloop.service.startup.StartupChecks;
import io.closeloop.service.startup.Databases;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.util.JarLocation;
import java.util.function.Function;
import io.closeloop.service.health.NlpHealthCheck;
import io.closeloop.service.health.FaqHealthCheck;
import io.closeloop.service.agent.AgentPresence;
import io.closeloop.service.agent.AgentsCommand;
import io.closeloop.service.agent.Agents;
import io.closeloop.service.agent.PasswordHasher;
import io.closeloop.service.bot.Bot;
import io.closeloop.service.ticket.BusinessHours;
import io.closeloop.service.chat.ChatSender;
import io.closeloop.service.chat.WebChat;
import io.closeloop.service.resources.ChatPageResource;
import io.closeloop.service.resources.ChatResource;
import io.closeloop.service.ticket.SlaMonitor;
import io.closeloop.service.ticket.Tickets;
import io.closeloop.service.metrics.SupportMetrics;
import io.closeloop.service.ticket.TicketAssignment;
import io.closeloop.service.ticket.TicketWork;
import io.closeloop.service.http.AgentAuthFilter;
import io.closeloop.service.resources.AgentResource;
import io.closeloop.service.resources.ConsolePageResource;
import io.closeloop.service.nlp.AfterStart;
import io.closeloop.service.nlp.AnswerAnalysis;
import io.closeloop.service.nlp.Faq;
import io.closeloop.service.nlp.FaqCommand;
import io.closeloop.service.nlp.ModelsLoadedLog;
import io.closeloop.service.nlp.Sentiment;
import io.closeloop.service.nlp.TrainSentimentCommand;
import io.closeloop.service.resources.FaqResource;
import io.closeloop.service.resources.NlpResource;
import io.closeloop.service.resources.TicketResource;
import org.slf4j.LoggerFactory;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import io.closeloop.channels.sms.LogSmsSender;
import io.closeloop.channels.sms.TwilioAccount;
import io.closeloop.channels.sms.TwilioHttp;
import io.closeloop.channels.sms.TwilioSignature;
import io.closeloop.channels.sms.TwilioSmsSender;
import io.closeloop.channels.sms.TwilioWebhookResource;
import io.closeloop.service.config.SmsConfig;
import io.closeloop.channels.wechat.WeChatAccount;
import io.closeloop.channels.wechat.WeChatApi;
import io.closeloop.channels.wechat.WeChatCrypto;
import io.closeloop.channels.wechat.WeChatSender;
import io.closeloop.channels.wechat.WeChatSignature;
import io.closeloop.channels.wechat.WeChatWebhookResource;
import io.closeloop.service.config.WeChatConfig;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import io.closeloop.service.inbound.AutoReply;
import io.closeloop.service.inbound.ConversationEngine;
import io.closeloop.service.outbox.OutboxSender;
import io.closeloop.service.outbox.OutboxWorker;
import io.closeloop.service.survey.AnswerParser;
import io.closeloop.service.survey.ChatSurveys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.closeloop.channels.Channel;
import io.closeloop.channels.MessageSender;
import io.closeloop.channels.web.WebLinkSender;
import io.closeloop.service.db.InstantColumns;
import io.closeloop.service.dev.DemoShop;
import io.closeloop.service.dev.TextCommand;
import io.closeloop.service.resources.DemoShopResource;
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
import io.closeloop.service.i18n.Messages;
import io.closeloop.service.survey.PurchaseIntake;
import io.closeloop.service.survey.SchedulingPolicy;
import io.closeloop.service.survey.SurveyResponder;
import io.closeloop.service.survey.TemplateCatalog;
import io.closeloop.service.security.TokenGenerator;
import io.dropwizard.assets.AssetsBundle;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;

/** The composition root: every object of the service is built here, by hand, from the configuration. */
public class CloseloopApplication extends Application<CloseloopConfiguration> {

    private final Clock clock;
    private final TokenGenerator tokens;
    private final List<MessageSender> extraSenders;
    private final Function<String, String> environment;
    private Jdbi jdbi;
    private InvitationDispatcher dispatcher;
    private OutboxWorker outbox;
    private NlpModels nlpModels;
    private Faq faq;
    private AnswerAnalysis answerAnalysis;
    private TicketAssignment assignment;
    private AgentPresence presence;
    private SlaMonitor sla;

    public CloseloopApplication() {
        this(Clock.systemUTC(), TokenGenerator.secure(), List.of());
    }

    /** For tests: a controlled clock and token source, and senders that replace the built-in ones. */
    public CloseloopApplication(Clock clock, TokenGenerator tokens, List<MessageSender> extraSenders) {
        this(clock, tokens, extraSenders, System::getenv);
    }

    /** For tests: also the environment the configuration's placeholders are filled from. */
    public CloseloopApplication(Clock clock, TokenGenerator tokens, List<MessageSender> extraSenders,
            Function<String, String> environment) {
        this.clock = clock;
        this.tokens = tokens;
        this.extraSenders = List.copyOf(extraSenders);
        this.environment = environment;
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
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new ConfigSubstitutor(environment)));
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
        bootstrap.addCommand(new TextCommand());
        bootstrap.addCommand(new AgentsCommand());
        bootstrap.addCommand(new TrainSentimentCommand());
        bootstrap.addCommand(new FaqCommand());
        bootstrap.addBundle(new AssetsBundle("/web/assets", "/assets", null, "survey-assets"));
    }

    /** As Dropwizard's own, but every command reports a failure as one line instead of a stack trace. */
    @Override
    public void run(String... arguments) throws Exception {
        commandLine(System.out, System.err, arguments).ifPresent(this::onFatalError);
    }

    /** The command line as {@code java -jar closeloop.jar} runs it, printing to these streams; its failure, if any. */
    public Optional<Throwable> commandLine(java.io.OutputStream out, java.io.OutputStream err, String... arguments)
            throws Exception {
        Bootstrap<CloseloopConfiguration> bootstrap = new Bootstrap<>(this) {
            @Override
            public List<Command> getCommands() {
                return super.getCommands().stream().<Command>map(c -> new OneLineErrors(c, environment)).toList();
            }
        };
        addDefaultCommands(bootstrap);
        initialize(bootstrap);
        bootstrap.registerMetrics();
        return new Cli(new JarLocation(getClass()), bootstrap, out, err).run(arguments);
    }

    @Override
    public void run(CloseloopConfiguration config, Environment environment) {
        // Before anything is created: a second copy on the same ports must not touch the database first.
        StartupChecks.run(config);
        environment.lifecycle().addServerLifecycleListener(new io.dropwizard.lifecycle.ServerLifecycleListener() {
            @Override
            public void serverStarted(org.eclipse.jetty.server.Server server) {
                LoggerFactory.getLogger(CloseloopApplication.class).info(
                        "Closeloop is up on port {}, for customers at {} (agents: {}/console); health and metrics on port {}",
                        getLocalPort(server), config.getApi().publicBaseUrl(), config.getApi().publicBaseUrl(),
                        getAdminPort(server));
            }
        });
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        ObjectMapper json = environment.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        prepareDataDirectory(config);

        ManagedDataSource dataSource = config.getDataSourceFactory().build(environment.metrics(), "database");
        Jdbi jdbi = InstantColumns.install(
                new JdbiFactory().build(environment, config.getDataSourceFactory(), dataSource, "database"));
        Migrations migrations = new Migrations(dataSource);
        Databases.open(config.getDataSourceFactory(), () -> {
            if (config.isMigrateOnStart()) {
                migrations.apply();
            }
        });
        environment.healthChecks().register("migrations", new MigrationsHealthCheck(migrations));

        Messages messages = new Messages();
        TemplateCatalog templates = new TemplateCatalog(jdbi, json, clock);
        templates.ensureDefault(config.getSurveys().defaultTemplateKey());
        SchedulingPolicy policy = new SchedulingPolicy(config.getSurveys());
        List<WeChatAccount> wechatAccounts = buildWeChatAccounts(config.getWechat());
        List<MessageSender> channelSenders = buildChannels(config, wechatAccounts);
        List<MessageSender> senders = domainSenders(config, channelSenders, jdbi);
        Set<Channel> channels = senders.stream().map(MessageSender::channel)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class)));
        PurchaseIntake intake = new PurchaseIntake(jdbi, templates, policy, tokens, clock, channels,
                config.getSurveys().defaultTemplateKey(), ZoneId.of(config.getSurveys().defaultTimeZone()),
                config.getApi().publicBaseUrl());
        BusinessHours businessHours = BusinessHours.of(config.getSupport().businessHours());
        Tickets tickets = new Tickets(config.getSupport(), businessHours);
        SurveyResponder responder = new SurveyResponder(jdbi, templates, messages, tickets, clock);
        MetricsService metrics = new MetricsService(jdbi);
        buildNlp(config, environment, jdbi, json, tickets);
        AnswerParser answerParser = new AnswerParser();
        ChatSurveys chatSurveys = new ChatSurveys(templates, answerParser, messages, tickets);
        dispatcher = new InvitationDispatcher(jdbi, senders, policy, messages, chatSurveys, intake::surveyUrl, clock,
                config.getScheduler());
        ConversationEngine conversations = new ConversationEngine(jdbi, chatSurveys,
                new Bot(faq, nlpModels, messages, new AutoReply(config.isAutoReply(), messages), tickets,
                        businessHours, config.getSupport().firstResponse().toJavaDuration(), answerParser),
                messages, config.getWechat().menu(), clock);
        Optional<WebChat> webChat = config.getChat().enabled()
                ? Optional.of(new WebChat(jdbi, conversations, config.getChat().secret(),
                        config.getChat().sessionTtl().toJavaDuration(), clock))
                : Optional.empty();
        // Agents' replies go through the durable outbound queue on SMS and WeChat: retried when the channel is
        // busy, never sent twice, and their final delivery shown on the ticket. The chat panel reads the database.
        Map<Channel, MessageSender> replySenders = new java.util.EnumMap<>(Channel.class);
        senders.forEach(s -> replySenders.put(s.channel(),
                s.channel() == Channel.WECHAT ? new OutboxSender(Channel.WECHAT, "wechat", jdbi, clock) : s));
        webChat.ifPresent(chat -> replySenders.put(Channel.CHAT, new ChatSender(chat)));
        TicketWork ticketWork = new TicketWork(jdbi, replySenders, messages, clock);
        outbox = new OutboxWorker(jdbi, channelSenders.stream().collect(Collectors.toMap(MessageSender::channel, s -> s)), clock,
                new OutboxWorker.Settings(config.getScheduler().outboxPollInterval().toJavaDuration(),
                        config.getScheduler().batchSize(), config.getScheduler().lease().toJavaDuration(),
                        config.getScheduler().maxAttempts(),
                        Duration.ofMillis(Math.round(1000 / config.getSms().messagesPerSecond()))),
                new OutboxWorker.Outcomes() {
                    @Override
                    public void undeliverable(String key, String status, String reason) {
                        if (!ticketWork.delivered(key, status, null)) {
                            dispatcher.undeliverable(key, status, reason);
                        }
                    }

                    @Override
                    public void sent(String key, String providerMessageId) {
                        ticketWork.delivered(key, "sent", providerMessageId);
                    }
                });
        this.jdbi = jdbi;
        if (config.getScheduler().enabled()) {
            environment.lifecycle().manage(dispatcher);
            environment.lifecycle().manage(outbox);
            // On SIGTERM nothing more is claimed at once, not only after Jetty has finished the requests in flight.
            environment.lifecycle().addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStopping(LifeCycle server) {
                    dispatcher.stopClaiming();
                    outbox.stopClaiming();
                }
            });
        }

        var jersey = environment.jersey();
        // An FAQ of thousands of questions, and a batch of texts at their longest, need more than a request.
        jersey.register(new BodySizeLimitFilter(config.getApi().maxRequestBytes(), Map.of(
                "/api/v1/faq/import", 8 << 20,
                "/api/v1/nlp/sentiment/batch", config.getNlp().maxBatchSize() * config.getNlp().maxTextLength() * 4 + 4096)));
        jersey.register(new ApiKeyFilter(config.getApi().keys()));
        ErrorMappers.all().forEach(jersey::register);
        jersey.register(new PurchaseResource(intake));
        jersey.register(new SurveyResource(responder));
        jersey.register(new SurveyPageResource(responder, messages));
        jersey.register(new MetricsResource(metrics, clock, answerAnalysis::backlog, new SupportMetrics(jdbi)));
        jersey.register(new NlpResource(new Sentiment(nlpModels,
                environment.lifecycle().executorService("nlp-batch-%d").minThreads(config.getNlp().workerThreads())
                        .maxThreads(config.getNlp().workerThreads()).build(),
                config.getNlp().maxTextLength(), config.getNlp().maxBatchSize())));
        jersey.register(new FaqResource(faq, config.getNlp().maxTextLength()));
        Agents agents = new Agents(jdbi, new PasswordHasher(), tokens, clock, new Agents.Settings(
                config.getAgents().sessionTtl().toJavaDuration(), config.getAgents().maxFailedLogins(),
                config.getAgents().lockout().toJavaDuration()));
        if (config.getAgents().initialAdminUser() != null) {
            agents.ensureInitialAdmin(config.getAgents().initialAdminUser(), config.getAgents().initialAdminPassword());
        }
        jersey.register(new AgentAuthFilter(agents));
        presence = new AgentPresence(jdbi, clock, config.getAgents().awayAfter().toJavaDuration());
        jersey.register(new AgentResource(agents, presence, ticketWork, config.getApi().publicBaseUrl()));
        jersey.register(new ConsolePageResource());
        webChat.ifPresent(chat -> {
            jersey.register(new ChatResource(chat));
            jersey.register(new ChatPageResource());
        });
        if (config.getDemo().enabled()) {
            jersey.register(new DemoShopResource());
            jersey.register(new DemoShopResource.Orders(new DemoShop(intake, tokens, clock)));
        }
        sla = new SlaMonitor(jdbi, clock, businessHours, config.getSupport().firstResponse().toJavaDuration(),
                config.getSupport().resolution().toJavaDuration(), config.getSupport().closeAfter().toJavaDuration(),
                Optional.ofNullable(config.getSupport().breachWebhook())
                        .map(url -> new SlaMonitor.Webhook(url, config.getSupport().breachWebhookSecret())),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), json);
        assignment = new TicketAssignment(jdbi, clock, Duration.ofSeconds(2), sla, presence);
        if (config.getScheduler().enabled()) {
            environment.lifecycle().manage(assignment);
        }
        jersey.register(new TicketResource(ticketWork));
        jersey.register(new ResponseExportResource(metrics, json, clock));
        jersey.register(new TemplateResource(templates));
        if (config.getSms().enabled()) {
            jersey.register(new TwilioWebhookResource(List.of(twilioAccount(config.getSms())),
                    config.getApi().publicBaseUrl(), conversations, outbox, clock));
        }
        if (config.getWechat().enabled()) {
            ExecutorService handlers = environment.lifecycle().executorService("wechat-handler-%d")
                    .minThreads(16).maxThreads(16).build();
            jersey.register(new WeChatWebhookResource(wechatAccounts, conversations, handlers,
                    config.getWechat().replyBudget().toJavaDuration(), clock));
        }
    }

    /**
     * Sentiment models and the FAQ matcher load in the background once the server is up, so the service answers
     * webhooks and surveys at once; free-text answers wait in the analysis queue until the models are ready.
     */
    private void buildNlp(CloseloopConfiguration config, Environment environment, Jdbi jdbi, ObjectMapper json,
                          Tickets tickets) {
        NlpConfig nlp = config.getNlp();
        AfterStart loader = new AfterStart(environment.lifecycle().executorService("nlp-loader-%d").minThreads(1)
                .maxThreads(1).build());
        // A second after the server is up: Jersey finishes its own lazy start-up on the first requests meanwhile.
        environment.lifecycle().addServerLifecycleListener(server -> java.util.concurrent.CompletableFuture
                .delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS).execute(loader::release));
        // The FAQ first: it trains in seconds and the bot answers from it; the sentiment models take ten or more.
        faq = new Faq(jdbi);
        environment.healthChecks().register("faq", new FaqHealthCheck(faq));
        Optional<String> demo = nlp.demoFaq() ? Optional.of(resourceText("/demo/faq.csv")) : Optional.empty();
        loader.execute(() -> faq.loadAtStartUp(demo));
        nlpModels = nlp.enabled()
                ? NlpModels.loadInBackground(new NlpModels.Settings(
                        Optional.ofNullable(nlp.chineseSentimentModel()).map(Path::of),
                        nlp.aspects().stream().flatMap(a -> a.terms().stream().map(term -> new AspectTaxonomy.Term(
                                a.aspect(), Language.fromTag(a.language()).orElse(Language.OTHER), term))).toList(),
                        nlp.cacheSize()), loader)
                : NlpModels.disabled();
        ModelsLoadedLog.watch(nlpModels);
        environment.healthChecks().register("nlp", new NlpHealthCheck(nlpModels));
        if (config.getScheduler().enabled()) {
            // One thread, so no number in its name: the name is also the name of its metrics.
            environment.lifecycle().scheduledExecutorService("faq-refresh").threads(1).build()
                    .scheduleWithFixedDelay(() -> {
                        try {
                            faq.refreshIfChanged();
                        } catch (RuntimeException e) {
                            LoggerFactory.getLogger(CloseloopApplication.class).warn("FAQ refresh failed: {}", e.toString());
                        }
                    }, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
        }
        answerAnalysis = new AnswerAnalysis(jdbi, nlpModels, json, tickets, clock, new AnswerAnalysis.Settings(
                nlp.workerThreads(), nlp.pollInterval().toJavaDuration(), config.getScheduler().lease().toJavaDuration(),
                nlp.maxAttempts()));
        environment.metrics().register("nlp.analysis.backlog", (com.codahale.metrics.Gauge<Long>) answerAnalysis::backlog);
        if (config.getScheduler().enabled() && nlp.enabled()) {
            environment.lifecycle().manage(answerAnalysis);
        }
    }

    private static String resourceText(String name) {
        try (var in = CloseloopApplication.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configured official accounts, each with its own API client (and access token). */
    private List<WeChatAccount> buildWeChatAccounts(WeChatConfig wechat) {
        if (!wechat.enabled()) {
            return List.of();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return wechat.accounts().stream().map(account -> new WeChatAccount(account.name(), account.appId(),
                new WeChatSignature(account.token().reveal()),
                account.mode().equals("plaintext") ? Optional.empty()
                        : Optional.of(new WeChatCrypto(account.encodingAesKey().reveal(), account.appId())),
                WeChatAccount.Mode.valueOf(account.mode().toUpperCase(java.util.Locale.ROOT)),
                new WeChatApi(http, URI.create(wechat.apiBaseUrl()), account.appId(),
                        account.appSecret() == null ? "" : account.appSecret().reveal(), clock, Duration.ofSeconds(10))))
                .toList();
    }

    static TwilioAccount twilioAccount(SmsConfig sms) {
        return new TwilioAccount("twilio", sms.accountSid(), new TwilioSignature(sms.authToken().reveal()),
                sms.fromNumber(), sms.messagingService());
    }

    /**
     * The channels' own senders: the web link always, SMS through Twilio (or the log in development) and
     * WeChat when enabled. Senders given by tests replace built-in ones of the same channel.
     */
    private List<MessageSender> buildChannels(CloseloopConfiguration config, List<WeChatAccount> wechatAccounts) {
        List<MessageSender> builtIn = new ArrayList<>(List.of(new WebLinkSender()));
        SmsConfig sms = config.getSms();
        if (sms.enabled()) {
            builtIn.add(sms.sender().equals("twilio") ? twilioSender(sms, config.getApi().publicBaseUrl()) 
                    : new LogSmsSender(Optional.of(config.dataDirectory().resolve("texts.log")), clock));
        }
        if (!wechatAccounts.isEmpty()) {
            // Invitations go out from the first account; the purchase event names no account.
            WeChatConfig.Account first = config.getWechat().accounts().get(0);
            builtIn.add(new WeChatSender(wechatAccounts.get(0).api(),
                    first.template().map(id -> new WeChatSender.Template(id, first.templateFields()))));
        }
        Set<Channel> replaced = extraSenders.stream().map(MessageSender::channel).collect(Collectors.toSet());
        return Stream.concat(builtIn.stream().filter(s -> !replaced.contains(s.channel())), extraSenders.stream()).toList();
    }

    private static TwilioSmsSender twilioSender(SmsConfig sms, URI publicBaseUrl) {
        TwilioRestClient client = new TwilioRestClient.Builder(sms.accountSid(), sms.authToken().reveal())
                .httpClient(new TwilioHttp(sms.apiBase(), Duration.ofSeconds(5), Duration.ofSeconds(15))).build();
        return new TwilioSmsSender(client, sms.accountSid(), sms.fromNumber(), sms.messagingService(),
                Optional.of(URI.create(publicBaseUrl + "/webhooks/twilio/status")));
    }

    /** What the domain sends through: paced channels go through the durable outbound queue. */
    private List<MessageSender> domainSenders(CloseloopConfiguration config, List<MessageSender> channels, Jdbi jdbi) {
        return channels.stream().map(sender -> sender.channel() == Channel.SMS
                ? (MessageSender) new OutboxSender(Channel.SMS, config.getSms().senderAddress(), jdbi, clock)
                : sender).toList();
    }

    /** The database access built by {@link #run}, for tests and benchmarks that look behind the API. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The scheduler built by {@link #run}; tests with the background loop off drive it by hand. */
    public InvitationDispatcher dispatcher() {
        return dispatcher;
    }

    /** The outbound queue's worker built by {@link #run}; tests with the background loop off drive it by hand. */
    public OutboxWorker outbox() {
        return outbox;
    }

    /** The SLA watch; tests with the background loop off drive it by hand. */
    public SlaMonitor sla() {
        return sla;
    }

    /** Automatic ticket assignment; tests with the background loop off drive it by hand. */
    public TicketAssignment assignment() {
        return assignment;
    }

    /** Agents' presence at the console; tests with the background loop off drive it by hand. */
    public AgentPresence presence() {
        return presence;
    }

    /** The language models, loading in the background after {@link #run}. */
    public NlpModels nlpModels() {
        return nlpModels;
    }

    public Faq faq() {
        return faq;
    }

    /** The free-text analysis worker; tests with the background loop off drive it by hand. */
    public AnswerAnalysis answerAnalysis() {
        return answerAnalysis;
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
