package io.closeloop.service.api;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with a request, field by field, so a client learns every problem at once. */
public final class FieldProblems {

    private final List<ErrorBody.FieldProblem> problems = new ArrayList<>();

    public FieldProblems add(String field, String message) {
        problems.add(new ErrorBody.FieldProblem(field, message));
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws a 422 listing every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }
}
