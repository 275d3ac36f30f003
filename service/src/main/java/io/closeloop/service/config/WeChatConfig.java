package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The WeChat channel: official accounts and how their messages are answered.
 *
 * @param enabled     whether the channel is on
 * @param replyBudget how long a webhook waits for the reply before answering {@code success} (WeChat gives 5 s)
 * @param apiBaseUrl  WeChat's API; tests point it at a local fake
 * @param accounts    the official accounts; the first one sends survey invitations
 * @param menu        replies to menu clicks, by {@code EventKey} and locale
 */
public record WeChatConfig(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("replyBudget") Duration replyBudget,
        @JsonProperty("apiBaseUrl") String apiBaseUrl,
        @JsonProperty("accounts") List<Account> accounts,
        @JsonProperty("menu") Map<String, Map<String, String>> menu) {

    /**
     * One official account.
     *
     * @param name              the account's name in the webhook path {@code /webhooks/wechat/{name}}
     * @param token             the token the pushes are signed with
     * @param appId             the appId
     * @param appSecret         the AppSecret, for access tokens
     * @param encodingAesKey    the EncodingAESKey (43 characters) for the compatible and safe modes
     * @param mode              plaintext, compatible or safe
     * @param templateId        the template message for invitations outside the 48-hour window, if any
     * @param templateFields    the template's fields; values may use {message} and {link}
     */
    public record Account(
            @JsonProperty("name") String name,
            @JsonProperty("token") SecretString token,
            @JsonProperty("appId") String appId,
            @JsonProperty("appSecret") SecretString appSecret,
            @JsonProperty("encodingAesKey") SecretString encodingAesKey,
            @JsonProperty("mode") String mode,
            @JsonProperty("templateId") String templateId,
            @JsonProperty("templateFields") Map<String, String> templateFields) {

        public Account {
            mode = Objects.requireNonNullElse(mode, "safe").toLowerCase(java.util.Locale.ROOT);
            templateFields = templateFields == null ? Map.of("first", "{message}") : Map.copyOf(templateFields);
        }

        /** Checked only when the channel is on, so a configuration may list an account it does not use. */
        void validate() {
            if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("wechat.accounts[].name must be 1-32 lower-case letters, digits, - or _");
            }
            if (token == null || token.reveal().isBlank() || appId == null || appId.isBlank()) {
                throw new IllegalArgumentException("WeChat account " + name + " needs a token and an appId");
            }
            if (!List.of("plaintext", "compatible", "safe").contains(mode)) {
                throw new IllegalArgumentException("WeChat account " + name + ": mode must be plaintext, compatible or safe");
            }
            if (!mode.equals("plaintext") && (encodingAesKey == null || encodingAesKey.reveal().length() != 43)) {
                throw new IllegalArgumentException("WeChat account " + name + ": the " + mode + " mode needs a 43-character EncodingAESKey");
            }
        }

        public Optional<String> template() {
            return templateId == null || templateId.isBlank() ? Optional.empty() : Optional.of(templateId.trim());
        }
    }

    public WeChatConfig {
        enabled = Objects.requireNonNullElse(enabled, false);
        replyBudget = Objects.requireNonNullElse(replyBudget, Duration.seconds(4));
        apiBaseUrl = Objects.requireNonNullElse(apiBaseUrl, "https://api.weixin.qq.com");
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        menu = menu == null ? Map.of() : Map.copyOf(menu);
        if (enabled && accounts.isEmpty()) {
            throw new IllegalArgumentException("the WeChat channel needs at least one account");
        }
        if (enabled) {
            accounts.forEach(Account::validate);
        }
        if (replyBudget.toMilliseconds() >= 5000) {
            throw new IllegalArgumentException("wechat.replyBudget must stay under WeChat's five seconds");
        }
    }

    public static WeChatConfig disabled() {
        return new WeChatConfig(false, null, null, null, null);
    }
}
