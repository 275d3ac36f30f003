package io.closeloop.service.config;

import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.TextStringBuilder;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a configuration file with environment values before
 * YAML reads it. Strict: a variable without a default must be set. Defaults may name variables themselves.
 *
 * <p>A value lands in YAML text, so YAML would read {@code +15005550006} as a number (the "+" is lost),
 * {@code 0123} as octal, {@code 12345} as an integer that a credential cannot take, and {@code a#b} as a
 * comment. The shipped files therefore put every placeholder in double quotes, and a value substituted inside
 * quotes is escaped for them, so that it arrives exactly as set: a password with {@code "} or {@code \} in it
 * too. A value is taken literally, never searched for further placeholders.
 */
public final class ConfigSubstitutor extends StringSubstitutor {

    public ConfigSubstitutor(Function<String, String> environment) {
        super(environment::apply);
        setEnableUndefinedVariableException(true);
        setEnableSubstitutionInVariables(true);
        setDisableSubstitutionInValues(true);
    }

    /** The process's own environment. */
    public static ConfigSubstitutor ofSystemEnvironment() {
        return new ConfigSubstitutor(System::getenv);
    }

    /** For tests: exactly these variables and no others. */
    public static ConfigSubstitutor of(Map<String, String> environment) {
        return new ConfigSubstitutor(environment::get);
    }

    @Override
    protected boolean substitute(TextStringBuilder buf, int offset, int length) {
        try {
            return super.substitute(buf, offset, length);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot resolve variable")) {
                throw new UndefinedEnvironmentVariableException(e.getMessage());
            }
            throw e;
        }
    }

    @Override
    protected String resolveVariable(String variableName, TextStringBuilder buf, int startPos, int endPos) {
        String value = super.resolveVariable(variableName, buf, startPos, endPos);
        if (value == null) {
            return null;
        }
        return switch (quoting(buf, startPos)) {
            case DOUBLE -> value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                    .replace("\t", "\\t");
            case SINGLE -> value.replace("'", "''");
            case NONE -> value;
        };
    }

    private enum Quoting { NONE, SINGLE, DOUBLE }

    /** Whether {@code position} lies inside a double- or single-quoted YAML scalar on its line. */
    static Quoting quoting(CharSequence text, int position) {
        int lineStart = position;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n') {
            lineStart--;
        }
        Quoting state = Quoting.NONE;
        char previous = ' ';
        for (int i = lineStart; i < position; i++) {
            char c = text.charAt(i);
            switch (state) {
                case NONE -> {
                    if (c == '#' && Character.isWhitespace(previous)) {
                        return Quoting.NONE;
                    }
                    // A quote opens a scalar only where a scalar can begin, not in the middle of a plain one.
                    boolean scalarStart = Character.isWhitespace(previous) || previous == '[' || previous == '{'
                            || previous == ',';
                    if (scalarStart && c == '"') {
                        state = Quoting.DOUBLE;
                    } else if (scalarStart && c == '\'') {
                        state = Quoting.SINGLE;
                    }
                }
                case DOUBLE -> {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        state = Quoting.NONE;
                    }
                }
                case SINGLE -> {
                    if (c == '\'') {
                        if (i + 1 < position && text.charAt(i + 1) == '\'') {
                            i++;
                        } else {
                            state = Quoting.NONE;
                        }
                    }
                }
            }
            previous = c;
        }
        return state;
    }
}
