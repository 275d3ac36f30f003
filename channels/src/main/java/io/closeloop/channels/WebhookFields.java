package io.closeloop.channels;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is wrong with the fields of a webhook that passed its signature check, collected so the sender learns every
 * problem at once, and answered 400 before anything reaches the database (a value the database cannot hold would
 * otherwise be a 500). Lengths are counted in UTF-16 units, as H2 counts them; MariaDB counts code points, never more.
 */
public final class WebhookFields {

    private final List<Map<String, String>> problems = new ArrayList<>();

    /** A field that may be missing but, when present, must fit {@code max} characters. */
    public WebhookFields atMost(String field, Optional<String> value, int max) {
        return value.isPresent() ? atMost(field, value.get(), max) : this;
    }

    public WebhookFields atMost(String field, String value, int max) {
        return check(value == null || value.length() <= max, field, "at most " + max + " characters");
    }

    public WebhookFields check(boolean valid, String field, String problem) {
        if (!valid) {
            problems.add(Map.of("field", field, "message", problem));
        }
        return this;
    }

    /** The 400 answer naming every problem, if there is any. */
    public Optional<Response> badRequest(String code) {
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String summary = problems.stream().map(p -> p.get("field") + " (" + p.get("message") + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", code, "message", "The webhook has fields this service cannot take: " + summary + ".",
                        "details", List.copyOf(problems))).build());
    }
}
