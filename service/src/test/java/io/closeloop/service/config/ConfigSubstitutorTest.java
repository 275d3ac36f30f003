package io.closeloop.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSubstitutorTest {

    private static final Map<String, String> ENV = Map.of("V", "a\"b\\c'd", "PORT", "9090", "REF", "${PORT}");

    private static String substitute(String yaml) {
        return ConfigSubstitutor.of(ENV).replace(yaml);
    }

    @Test
    void aValueInDoubleQuotesIsEscapedForThem() {
        assertThat(substitute("key: \"${V}\"")).isEqualTo("key: \"a\\\"b\\\\c'd\"");
        assertThat(substitute("- \"${V:-x}\" # comment")).isEqualTo("- \"a\\\"b\\\\c'd\" # comment");
    }

    @Test
    void aValueInSingleQuotesDoublesItsQuotes() {
        assertThat(substitute("key: '${V}'")).isEqualTo("key: 'a\"b\\c''d'");
    }

    @Test
    void anUnquotedValueIsPutInAsItIs() {
        assertThat(substitute("key: ${V}")).isEqualTo("key: a\"b\\c'd");
        assertThat(substitute("key: x\"${PORT}")).isEqualTo("key: x\"9090");
    }

    @Test
    void defaultsMayNameVariablesAndValuesAreNeverSearchedForPlaceholders() {
        assertThat(substitute("url: \"${MISSING:-http://localhost:${PORT:-8080}}\"")).isEqualTo("url: \"http://localhost:9090\"");
        assertThat(substitute("key: \"${REF}\"")).isEqualTo("key: \"${PORT}\"");
    }

    @Test
    void aVariableWithoutDefaultMustBeSet() {
        assertThatThrownBy(() -> substitute("key: \"${MISSING}\"")).isInstanceOf(UndefinedEnvironmentVariableException.class)
                .hasMessageContaining("MISSING");
    }
}
