package io.closeloop.service.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/** Customer-facing text from the message bundles ({@code i18n/messages*.properties}), per content locale. */
public final class Messages {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Map<String, ResourceBundle> bundles;
    private final Map<String, Map<String, String>> prefixed = new java.util.concurrent.ConcurrentHashMap<>();

    public Messages() {
        this.bundles = Map.of(
                SupportedLocales.ENGLISH, ResourceBundle.getBundle("i18n/messages", Locale.ROOT, NO_FALLBACK),
                SupportedLocales.CHINESE, ResourceBundle.getBundle("i18n/messages", Locale.SIMPLIFIED_CHINESE, NO_FALLBACK));
    }

    /** The text for {@code key} in the customer's locale with {@code args} filled in. */
    public String get(String locale, String key, Object... args) {
        String contentLocale = SupportedLocales.contentLocale(locale);
        ResourceBundle bundle = bundles.get(contentLocale);
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(contentLocale)).format(args);
    }

    /** Every text under {@code prefix}, keyed by the rest of the key: what a page needs for its labels. */
    public Map<String, String> all(String locale, String prefix) {
        String contentLocale = SupportedLocales.contentLocale(locale);
        return prefixed.computeIfAbsent(contentLocale + "|" + prefix, k -> {
            ResourceBundle bundle = bundles.get(contentLocale);
            Map<String, String> texts = new TreeMap<>();
            for (String key : bundle.keySet()) {
                if (key.startsWith(prefix)) {
                    texts.put(key.substring(prefix.length()), bundle.getString(key));
                }
            }
            return Map.copyOf(texts);
        });
    }
}
