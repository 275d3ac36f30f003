package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

public class CloseloopConfiguration extends Configuration {

    /** Replaced in {@code database.url} by the absolute path of {@link #dataDir}. */
    static final String DATA_DIR_PLACEHOLDER = "{dataDir}";

    @Valid
    @NotNull
    private DataSourceFactory database = new DataSourceFactory();

    @NotNull
    private String dataDir = "./data";

    private boolean migrateOnStart = true;

    /** Whether a chat message that is neither a keyword nor a survey answer gets an acknowledgement. */
    private boolean autoReply = true;

    @Valid
    @NotNull
    private ApiConfig api = ApiConfig.defaults();

    @Valid
    @NotNull
    private SurveyRulesConfig surveys = SurveyRulesConfig.defaults();

    @Valid
    @NotNull
    private SchedulerConfig scheduler = SchedulerConfig.defaults();

    @Valid
    @NotNull
    private SmsConfig sms = SmsConfig.disabled();

    @Valid
    @NotNull
    private WeChatConfig wechat = WeChatConfig.disabled();
    @Valid
    @NotNull
    private NlpConfig nlp = NlpConfig.defaults();
    @Valid
    @NotNull
    private AgentsConfig agents = AgentsConfig.defaults();
    @Valid
    @NotNull
    private SupportConfig support = SupportConfig.defaults();
    private ChatConfig chat = ChatConfig.defaults();
    @NotNull
    private DemoConfig demo = DemoConfig.disabled();

    private boolean resolved;

    @JsonProperty("database")
    public synchronized DataSourceFactory getDataSourceFactory() {
        if (!resolved) {
            String url = database.getUrl();
            if (url != null && url.contains(DATA_DIR_PLACEHOLDER)) {
                database.setUrl(url.replace(DATA_DIR_PLACEHOLDER, dataDirectory().toString().replace('\\', '/')));
            }
            resolved = true;
        }
        return database;
    }

    @JsonProperty("database")
    public void setDataSourceFactory(DataSourceFactory database) {
        this.database = database;
    }

    public Path dataDirectory() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    @JsonProperty
    public String getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    @JsonProperty
    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    @JsonProperty
    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    @JsonProperty
    public boolean isAutoReply() {
        return autoReply;
    }

    @JsonProperty
    public void setAutoReply(boolean autoReply) {
        this.autoReply = autoReply;
    }

    @JsonProperty
    public ApiConfig getApi() {
        return api;
    }

    @JsonProperty
    public void setApi(ApiConfig api) {
        this.api = api;
    }

    @JsonProperty
    public SurveyRulesConfig getSurveys() {
        return surveys;
    }

    @JsonProperty
    public void setSurveys(SurveyRulesConfig surveys) {
        this.surveys = surveys;
    }

    @JsonProperty
    public SmsConfig getSms() {
        return sms;
    }

    @JsonProperty
    public void setSms(SmsConfig sms) {
        this.sms = sms;
    }

    @JsonProperty
    public WeChatConfig getWechat() {
        return wechat;
    }

    @JsonProperty
    public void setWechat(WeChatConfig wechat) {
        this.wechat = wechat;
    }

    @JsonProperty
    public SchedulerConfig getScheduler() {
        return scheduler;
    }

    @JsonProperty
    public void setScheduler(SchedulerConfig scheduler) {
        this.scheduler = scheduler;
    }

    @JsonProperty("nlp")
    public NlpConfig getNlp() {
        return nlp;
    }

    @JsonProperty("nlp")
    public void setNlp(NlpConfig nlp) {
        this.nlp = nlp;
    }

    @JsonProperty("agents")
    public AgentsConfig getAgents() {
        return agents;
    }

    @JsonProperty("agents")
    public void setAgents(AgentsConfig agents) {
        this.agents = agents;
    }

    @JsonProperty("chat")
    public ChatConfig getChat() {
        return chat;
    }

    @JsonProperty("chat")
    public void setChat(ChatConfig chat) {
        this.chat = chat;
    }

    @JsonProperty("demo")
    public DemoConfig getDemo() {
        return demo;
    }

    @JsonProperty("demo")
    public void setDemo(DemoConfig demo) {
        this.demo = demo;
    }

    @JsonProperty("support")
    public SupportConfig getSupport() {
        return support;
    }

    @JsonProperty("support")
    public void setSupport(SupportConfig support) {
        this.support = support;
    }
}
