package io.closeloop.service.i18n;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/** One text in several content locales; English is always present and is the fallback. */
public record LocalizedText(Map<String, String> byLocale) {

    @JsonCreator
    public LocalizedText {
        byLocale = byLocale == null ? Map.of() : Map.copyOf(new TreeMap<>(byLocale));
    }

    @JsonValue
    public Map<String, String> byLocale() {
        return new TreeMap<>(byLocale);
    }

    public static LocalizedText of(String en, String zhCn) {
        return new LocalizedText(Map.of(SupportedLocales.ENGLISH, en, SupportedLocales.CHINESE, zhCn));
    }

    /** The text for a customer locale, falling back to English. */
    public String in(String locale) {
        String text = byLocale.get(SupportedLocales.contentLocale(locale));
        return text != null && !text.isBlank() ? text : byLocale.getOrDefault(SupportedLocales.ENGLISH, "");
    }

    public boolean hasEnglish() {
        String en = byLocale.get(SupportedLocales.ENGLISH);
        return en != null && !en.isBlank();
    }
}
