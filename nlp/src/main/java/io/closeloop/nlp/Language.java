package io.closeloop.nlp;

import java.util.Locale;
import java.util.Optional;

/** The languages Closeloop analyses; everything else is {@link #OTHER}. */
public enum Language {
    EN("en"),
    ZH("zh"),
    OTHER("other");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Reads a BCP 47 tag or a bare code ("en", "en-GB", "zh", "zh-CN", "zh_Hans", "other"); empty if unknown. */
    public static Optional<Language> fromTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String primary = tag.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        for (Language language : values()) {
            if (language.code.equals(primary)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
