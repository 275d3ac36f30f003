package io.closeloop.service.i18n;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Customer locales. Any well-formed tag of a real language is accepted and kept; content (survey text and
 * messages) exists in English and Simplified Chinese, and every Chinese tag reads the Chinese content.
 */
public final class SupportedLocales {

    public static final String ENGLISH = "en";
    public static final String CHINESE = "zh-CN";
    public static final List<String> CONTENT_LOCALES = List.of(ENGLISH, CHINESE);

    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());

    private SupportedLocales() {
    }

    /** The canonical form of a BCP 47 tag ("zh_cn" → "zh-CN"), or empty when it names no real language. */
    public static Optional<String> normalize(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
            if (!ISO_LANGUAGES.contains(locale.getLanguage())) {
                return Optional.empty();
            }
            return Optional.of(locale.toLanguageTag());
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    /** The content locale to show a customer whose locale is {@code tag}. */
    public static String contentLocale(String tag) {
        return tag != null && (tag.equals("zh") || tag.startsWith("zh-")) ? CHINESE : ENGLISH;
    }
}
