package io.closeloop.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.sms.SmsKeywords.Keyword;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsKeywordsTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "STOP|OPT_OUT",
            "stop|OPT_OUT",
            "Stop|OPT_OUT",
            "' STOP '|OPT_OUT",
            "'\tstop\n'|OPT_OUT",
            "ＳＴＯＰ|OPT_OUT",
            "ｓｔｏｐ|OPT_OUT",
            "'\u3000STOP\u3000'|OPT_OUT",
            "'\u00a0stop\u200b'|OPT_OUT",
            "UNSUBSCRIBE|OPT_OUT",
            "end|OPT_OUT",
            "Quit|OPT_OUT",
            "STOPALL|OPT_OUT",
            "revoke|OPT_OUT",
            "OptOut|OPT_OUT",
            "cancel|OPT_OUT",
            "退订|OPT_OUT",
            "' 退订 '|OPT_OUT",
            "退訂|OPT_OUT",
            "td|OPT_OUT",
            "TD|OPT_OUT",
            "Td|OPT_OUT",
            "ＴＤ|OPT_OUT",
            "取消订阅|OPT_OUT",
            "取消訂閱|OPT_OUT",
            "取消|OPT_OUT",
            "start|OPT_IN",
            "YES|OPT_IN",
            "unstop|OPT_IN",
            "ＳＴＡＲＴ|OPT_IN",
            "help|HELP",
            "' Info '|HELP",
            "Stop please|NONE",
            "STOP PLEASE|NONE",
            "please cancel|NONE",
            "OPT OUT|NONE",
            "S T O P|NONE",
            "stopp|NONE",
            "取消订单|NONE",
            "我要退订|NONE",
            "T|NONE",
            "5|NONE",
            "Great service, thanks|NONE",
    })
    void classifiesAWholeMessage(String body, Keyword expected) {
        assertThat(SmsKeywords.classify(body)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP.", "stop!", "Stop!!", "stop .", "Cancel?", "退订。", "取消！", "ＴＤ．"})
    void stillOptsOutWhenTheKeywordEndsInPunctuation(String body) {
        assertThat(SmsKeywords.classify(body)).isEqualTo(Keyword.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Yes!", "yes.", "START!", "help?", "Info."})
    void keepsOptInAndHelpExactAsTwilioDoes(String body) {
        assertThat(SmsKeywords.classify(body)).isEqualTo(Keyword.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!STOP", "...", "!!!", "STOP 😡", "STOP-ish"})
    void needsTheKeywordItselfFirst(String body) {
        assertThat(SmsKeywords.classify(body)).isEqualTo(Keyword.NONE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void treatsNothingAsNoKeyword(String body) {
        assertThat(SmsKeywords.classify(body)).isEqualTo(Keyword.NONE);
    }

    @Test
    void doesNotDependOnTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
            assertThat(SmsKeywords.classify("quit")).isEqualTo(Keyword.OPT_OUT);
            assertThat(SmsKeywords.classify("info")).isEqualTo(Keyword.HELP);
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}
