package io.closeloop.service.api;

import java.util.List;

/**
 * A request the domain refuses, with the HTTP status, a stable code and a message meant for whoever made the
 * request (in the customer's language for customer-facing endpoints).
 */
public class DomainException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<ErrorBody.FieldProblem> details;

    public DomainException(int status, String code, String message, List<ErrorBody.FieldProblem> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public DomainException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static DomainException notFound(String code, String message) {
        return new DomainException(404, code, message);
    }

    public static DomainException invalid(List<ErrorBody.FieldProblem> problems) {
        String first = problems.isEmpty() ? "" : ": " + problems.get(0).field() + " " + problems.get(0).message();
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
        return new DomainException(422, "invalid_request", "The request is not valid" + first + more, problems);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ErrorBody.FieldProblem> details() {
        return details;
    }

    public ErrorBody body() {
        return new ErrorBody(code, getMessage(), details);
    }
}
