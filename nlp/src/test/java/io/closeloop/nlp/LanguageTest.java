package io.closeloop.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "en, EN",
            "EN, EN",
            "en-GB, EN",
            "en_US, EN",
            "' en-gb ', EN",
            "zh, ZH",
            "zh-CN, ZH",
            "zh_CN, ZH",
            "zh-Hans, ZH",
            "zh_Hant_TW, ZH",
            "other, OTHER"
    })
    void readsTheLanguageOfATagWhateverItsRegionOrScript(String tag, Language expected) {
        assertThat(Language.fromTag(tag)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}'' -> empty")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "fr", "fr-FR", "ja", "english", "eng", "zho", "-en", "e"})
    void aTagOfAnotherOrUnknownLanguageIsEmpty(String tag) {
        assertThat(Language.fromTag(tag)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"EN, en", "ZH, zh", "OTHER, other"})
    void theCodeOfEachLanguageReadsBackAsThatLanguage(Language language, String code) {
        assertThat(language.code()).isEqualTo(code);
        assertThat(Language.fromTag(language.code())).contains(language);
    }
}
