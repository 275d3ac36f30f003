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

    @Test
    void scrubbedTextsKeepWhatWentWrongButNoCustomerData() {
        assertThat(PersonalData.scrub("Value too long for column \"NAME CHARACTER VARYING(200)\": \"U&'\\+01f600 Li Lei' (400)\"; [22001-240]"))
                .isEqualTo("Value too long for column \"NAME CHARACTER VARYING(200)\": \"'…' (400)\"; [22001-240]");
        assertThat(PersonalData.scrub("Duplicate entry 'oF3PcsnsrMiJzEwalZZbAfWQpxCI' for key 'uq_x'"))
                .isEqualTo("Duplicate entry '…' for key '…'");
        assertThat(PersonalData.scrub("The 'To' number +14155550123 is not valid; mail ann@example.com at 2026-12-07 23:05"))
                .isEqualTo("The '…' number +14*****0123 is not valid; mail …@… at 2026-12-07 23:05");
    }

    @Test
    void aScrubbedExceptionKeepsItsClassFramesAndCausesButNotTheirData() {
        Exception cause = new IllegalStateException("Incorrect datetime value: '-999999999-01-01'");
        RuntimeException error = new RuntimeException("insert failed for +8613800138000", cause);
        Throwable scrubbed = PersonalData.scrub(error);
        assertThat(scrubbed.getMessage()).isEqualTo("java.lang.RuntimeException: insert failed for +86*******8000");
        assertThat(scrubbed.getStackTrace()).isEqualTo(error.getStackTrace());
        assertThat(scrubbed.getCause().getMessage()).isEqualTo("java.lang.IllegalStateException: Incorrect datetime value: '…'");
    }
}
