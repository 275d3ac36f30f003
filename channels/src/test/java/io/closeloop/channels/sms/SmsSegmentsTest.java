package io.closeloop.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.closeloop.channels.sms.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsSegmentsTest {

    @Test
    void fits160GsmCharactersInOneSegment() {
        String text = "a".repeat(160);

        assertThat(SmsSegments.encoding(text)).isEqualTo(Encoding.GSM_7);
        assertThat(SmsSegments.segments(text)).isEqualTo(1);
        assertThat(SmsSegments.fitsOneSegment(text)).isTrue();
    }

    @Test
    void splits161GsmCharactersInto153PerSegment() {
        assertThat(SmsSegments.segments("a".repeat(161))).isEqualTo(2);
        assertThat(SmsSegments.fitsOneSegment("a".repeat(161))).isFalse();
        assertThat(SmsSegments.segments("a".repeat(306))).isEqualTo(2);
        assertThat(SmsSegments.segments("a".repeat(307))).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"€", "{", "}", "[", "]", "~", "|", "^", "\\", "\f"})
    void countsExtensionCharactersTwice(String extension) {
        String text = "a".repeat(158) + extension;

        assertThat(SmsSegments.encoding(text)).isEqualTo(Encoding.GSM_7);
        assertThat(SmsSegments.length(text)).isEqualTo(160);
        assertThat(SmsSegments.segments(text)).isEqualTo(1);
        assertThat(SmsSegments.segments("a" + text)).isEqualTo(2);
    }

    @Test
    void neverSplitsAnExtensionCharacterAcrossSegments() {
        // 306 septets either way, which two segments of 153 hold only if the € does not straddle them.
        String fitsTwo = "a".repeat(151) + "€" + "a".repeat(153);
        String needsThree = "a".repeat(152) + "€" + "a".repeat(152);

        assertThat(SmsSegments.length(fitsTwo)).isEqualTo(306);
        assertThat(SmsSegments.segments(fitsTwo)).isEqualTo(2);
        assertThat(SmsSegments.length(needsThree)).isEqualTo(306);
        assertThat(SmsSegments.segments(needsThree)).isEqualTo(3);
    }

    @Test
    void keepsTheWholeGsmAlphabetInGsm7() {
        String alphabet = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

        assertThat(SmsSegments.encoding(alphabet)).isEqualTo(Encoding.GSM_7);
        assertThat(SmsSegments.length(alphabet)).isEqualTo(alphabet.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"’", "“", "`", "ç", "á", "ê", "Ä\u0308", "\u00a0", "中"})
    void switchesToUcs2ForAnyOtherCharacter(String other) {
        String text = "How was your order" + other;

        assertThat(SmsSegments.encoding(text)).isEqualTo(Encoding.UCS_2);
        assertThat(SmsSegments.length(text)).isEqualTo(text.length());
    }

    @Test
    void fits70ChineseCharactersInOneSegment() {
        assertThat(SmsSegments.encoding("好".repeat(70))).isEqualTo(Encoding.UCS_2);
        assertThat(SmsSegments.segments("好".repeat(70))).isEqualTo(1);
        assertThat(SmsSegments.segments("好".repeat(71))).isEqualTo(2);
        assertThat(SmsSegments.segments("好".repeat(134))).isEqualTo(2);
        assertThat(SmsSegments.segments("好".repeat(135))).isEqualTo(3);
    }

    @Test
    void makesAnEmojiForceUcs2AndCountTwoUnits() {
        String question = "a".repeat(68) + "👍";

        assertThat(SmsSegments.encoding(question)).isEqualTo(Encoding.UCS_2);
        assertThat(SmsSegments.length(question)).isEqualTo(70);
        assertThat(SmsSegments.segments(question)).isEqualTo(1);
        assertThat(SmsSegments.segments("a" + question)).isEqualTo(2);
        // A 140-character GSM question becomes two segments once an emoji is added.
        assertThat(SmsSegments.segments("a".repeat(140))).isEqualTo(1);
        assertThat(SmsSegments.segments("a".repeat(140) + "🙂")).isEqualTo(3);
    }

    @Test
    void neverSplitsASurrogatePairAcrossSegments() {
        // 134 UTF-16 units either way, which two segments of 67 hold only if the emoji does not straddle them.
        String fitsTwo = "好".repeat(65) + "👍" + "好".repeat(67);
        String needsThree = "好".repeat(66) + "👍" + "好".repeat(66);

        assertThat(SmsSegments.length(fitsTwo)).isEqualTo(134);
        assertThat(SmsSegments.segments(fitsTwo)).isEqualTo(2);
        assertThat(SmsSegments.length(needsThree)).isEqualTo(134);
        assertThat(SmsSegments.segments(needsThree)).isEqualTo(3);
    }

    @Test
    void takesNoSegmentForAnEmptyText() {
        assertThat(SmsSegments.encoding("")).isEqualTo(Encoding.GSM_7);
        assertThat(SmsSegments.segments("")).isZero();
        assertThat(SmsSegments.fitsOneSegment("")).isTrue();
    }
}
