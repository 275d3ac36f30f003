package io.closeloop.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every error answer: a stable code for programs, a message for people, and per-field details. */
public record ErrorBody(
        @JsonProperty("code") String code,
        @JsonProperty("message") String message,
        @JsonProperty("details") List<FieldProblem> details) {

    public ErrorBody {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** One problem with one field of a request. */
    public record FieldProblem(@JsonProperty("field") String field, @JsonProperty("message") String message) {
    }
}
