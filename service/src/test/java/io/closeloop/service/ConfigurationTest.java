package io.closeloop.service;

import io.closeloop.service.config.CloseloopConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.service.config.ConfigSubstitutor;
import io.closeloop.service.config.WeChatConfig;
import io.closeloop.service.testing.TestApp;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped configuration files, read the way the service reads them (Dropwizard's YAML factory, the
 * service's own placeholder substitution) with the values an operator really sets.
 */
class ConfigurationTest {

    static final Path CONFIG = Path.of(TestApp.configPath()).getParent();

    /** A Twilio-console-like account SID, and an operator's environment full of values YAML would misread. */
    static final String ACCOUNT_SID = "AC" + "0123456789abcdef0123456789abcdef";

    static Map<String, String> productionLike() {
        Map<String, String> env = new HashMap<>();
        env.put("TWILIO_FROM", "+14155550123");
        env.put("TWILIO_AUTH_TOKEN", "12345");
        env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        env.put("CLOSELOOP_API_KEY", "0123456789012345678901");
        env.put("CLOSELOOP_ADMIN_USER", "no");
        env.put("CLOSELOOP_ADMIN_PASSWORD", "pa\"ss\\word 'x' #1 ${HOME}");
        env.put("CLOSELOOP_CHAT_SECRET", "0x1F # not a comment, 32+ characters long");
        env.put("WECHAT_APP_ID", "1234567890123456789");
        env.put("WECHAT_TOKEN", "0123456");
        env.put("WECHAT_APP_SECRET", "1e10");
        env.put("WECHAT_TEMPLATE_ID", "000123");
        env.put("WECHAT_AES_KEY", "0123456789012345678901234567890123456789012");
        env.put("CLOSELOOP_BREACH_WEBHOOK_SECRET", "true");
        return env;
    }

    static CloseloopConfiguration load(Path file, Map<String, String> environment) throws Exception {
        YamlConfigurationFactory<CloseloopConfiguration> factory = new YamlConfigurationFactory<>(
                CloseloopConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                ConfigSubstitutor.of(environment)), file.toString());
    }

    @Test
    void localConfigurationRunsOnH2InTheDataFolderWithTheDocumentedDefaults() throws Exception {
        CloseloopConfiguration config = load(CONFIG.resolve("local.yml"), Map.of());
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        assertThat(((HttpConnectorFactory) server.getApplicationConnectors().get(0)).getPort()).isEqualTo(8080);
        assertThat(((HttpConnectorFactory) server.getAdminConnectors().get(0)).getPort()).isEqualTo(8081);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.getDataSourceFactory().getUrl())
                .isEqualTo("jdbc:h2:file:" + Path.of("data").toAbsolutePath() + "/closeloop;MODE=MySQL;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(config.getApi().keys()).singleElement().satisfies(k -> assertThat(k.reveal()).isEqualTo("dev-closeloop-api-key"));
        assertThat(config.getApi().publicBaseUrl()).hasToString("http://localhost:8080");
        assertThat(config.getApi().keys().get(0)).hasToString("[secret]");
        // The development number keeps its "+": outbound texts go from it and inbound webhooks are addressed to it.
        assertThat(config.getSms().fromNumber()).contains("+15005550006");
        assertThat(config.getSms().senderAddress()).isEqualTo("+15005550006");
    }

    @Test
    void localConfigurationTakesAProductionLikeEnvironmentExactlyAsSet() throws Exception {
        Map<String, String> env = productionLike();
        CloseloopConfiguration config = load(CONFIG.resolve("local.yml"), env);

        assertThat(config.getSms().fromNumber()).contains("+14155550123");
        assertThat(config.getSms().authToken().reveal()).isEqualTo("12345");
        assertThat(config.getSms().accountSid()).isEqualTo(ACCOUNT_SID);
        assertThat(config.getApi().keys().get(0).reveal()).isEqualTo("0123456789012345678901");
        assertThat(config.getAgents().initialAdminUser()).isEqualTo("no");
        assertThat(config.getAgents().initialAdminPassword().reveal()).isEqualTo("pa\"ss\\word 'x' #1 ${HOME}");
        assertThat(config.getChat().secret().reveal()).isEqualTo("0x1F # not a comment, 32+ characters long");
        WeChatConfig.Account wechat = config.getWechat().accounts().get(0);
        assertThat(wechat.appId()).isEqualTo("1234567890123456789");
        assertThat(wechat.token().reveal()).isEqualTo("0123456");
        assertThat(wechat.appSecret().reveal()).isEqualTo("1e10");
        assertThat(wechat.template()).contains("000123");
        assertThat(wechat.encodingAesKey().reveal()).isEqualTo("0123456789012345678901234567890123456789012");
        assertThat(config.getSupport().breachWebhookSecret().reveal()).isEqualTo("true");
    }

    @Test
    void theMySqlConfigurationTakesAProductionLikeEnvironmentExactlyAsSet() throws Exception {
        Map<String, String> env = productionLike();
        env.put("CLOSELOOP_DB_URL", "jdbc:mysql://db.internal:3306/closeloop?useSSL=true&serverTimezone=UTC");
        env.put("CLOSELOOP_DB_USER", "007");
        env.put("CLOSELOOP_DB_PASSWORD", "123456");
        env.put("CLOSELOOP_SMS_ENABLED", "true");
        env.put("CLOSELOOP_WECHAT_ENABLED", "true");
        env.put("TWILIO_MESSAGING_SERVICE_SID", "MG" + "fedcba9876543210fedcba9876543210");
        CloseloopConfiguration config = load(CONFIG.resolve("mysql.yml"), env);

        assertThat(config.getDataSourceFactory().getUrl())
                .isEqualTo("jdbc:mysql://db.internal:3306/closeloop?useSSL=true&serverTimezone=UTC");
        assertThat(config.getDataSourceFactory().getUser()).isEqualTo("007");
        assertThat(config.getDataSourceFactory().getPassword()).isEqualTo("123456");
        assertThat(config.getSms().enabled()).isTrue();
        assertThat(config.getSms().fromNumber()).contains("+14155550123");
        assertThat(config.getSms().messagingService()).contains("MG" + "fedcba9876543210fedcba9876543210");
        assertThat(config.getSms().authToken().reveal()).isEqualTo("12345");
        assertThat(config.getWechat().enabled()).isTrue();
        assertThat(config.getWechat().accounts().get(0).appId()).isEqualTo("1234567890123456789");
        assertThat(config.getWechat().accounts().get(0).template()).contains("000123");
        assertThat(config.getApi().keys().get(0).reveal()).isEqualTo("0123456789012345678901");
        assertThat(config.getAgents().initialAdminPassword().reveal()).isEqualTo("pa\"ss\\word 'x' #1 ${HOME}");
    }

    @Test
    void everyPlaceholderInTheShippedFilesStandsInDoubleQuotes() throws Exception {
        Pattern placeholder = Pattern.compile("\\$\\{");
        for (String name : List.of("local.yml", "mysql.yml")) {
            List<String> lines = Files.readAllLines(CONFIG.resolve(name));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("#")) {
                    continue;
                }
                Matcher m = placeholder.matcher(line);
                if (m.find()) {
                    assertThat(line).as(name + " line " + (i + 1)).matches("\\s*(- |[\\w.-]+: )\"\\$\\{.*}\"(\\s+#.*)?");
                }
            }
        }
    }

    @Test
    void aNumberWithoutItsPlusIsRefusedNamingTheVariable() {
        Map<String, String> env = productionLike();
        env.put("TWILIO_FROM", "15005550006");
        assertThatThrownBy(() -> load(CONFIG.resolve("local.yml"), env))
                .hasStackTraceContaining("TWILIO_FROM").hasStackTraceContaining("E.164");
    }

    @Test
    void theMySqlConfigurationRefusesToStartWithoutItsRequiredVariables() throws Exception {
        assertThatThrownBy(() -> load(CONFIG.resolve("mysql.yml"), Map.of())).hasMessageContaining("CLOSELOOP_DB_URL");
        Map<String, String> env = new HashMap<>(Map.of("CLOSELOOP_DB_URL", "jdbc:mysql://127.0.0.1:3306/closeloop",
                "CLOSELOOP_DB_USER", "closeloop"));
        assertThatThrownBy(() -> load(CONFIG.resolve("mysql.yml"), env)).hasMessageContaining("CLOSELOOP_API_KEY");
    }

    @Test
    void shortApiKeysAreRefused() throws Exception {
        Path file = Files.createTempFile("closeloop", ".yml");
        Files.writeString(file, "api:\n  keys: [\"short\"]\n");
        assertThatThrownBy(() -> load(file, Map.of())).hasStackTraceContaining("at least 16 characters");
        Files.writeString(file, "api:\n  keys: []\n");
        assertThatThrownBy(() -> load(file, Map.of())).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("CLOSELOOP_API_KEY");
        Files.delete(file);
    }
}
