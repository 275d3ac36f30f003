package io.closeloop.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void phoneNumbersKeepCountryPrefixAndLastDigitsOnly() {
        assertThat(PersonalData.mask("+8613800138000")).isEqualTo("+86*******8000");
        assertThat(PersonalData.mask("+14155550123")).isEqualTo("+14*****0123");
    }

    @Test
    void openIdsAndNamesAreMostlyHidden() {
        assertThat(PersonalData.mask("oF3PcsnsrMiJzEwalZZbAfWQpxCI")).isEqualTo("oF3***********************CI");
        assertThat(PersonalData.mask("李小龙")).isEqualTo("***");
        assertThat(PersonalData.mask("Alexandra")).isEqualTo("Al*****ra");
    }

    @Test
    void aValueAClientSentUncheckedIsCutBeforeItIsMasked() {
        assertThat(PersonalData.maskInput("oF3PcsnsrMiJzEwalZZbAfWQpxCI")).isEqualTo("oF3***********************CI");
        String huge = "o" + "x".repeat(4998) + "Z";
        assertThat(PersonalData.maskInput(huge)).isEqualTo("oxx" + "*".repeat(35) + "xx…").doesNotContain("Z");
        assertThat(PersonalData.maskInput("😀".repeat(100))).isEqualTo("😀😀😀" + "*".repeat(35) + "😀😀…");
    }

    @Test
    void nullIsSaidToBeNull() {
        assertThat(PersonalData.mask(null)).isEqualTo("null");
    }
}
