package io.closeloop.service.startup;

/**
 * A reason the service or a command cannot go on that the person running it can act on. Its message is one
 * line: what went wrong, why, and what to do; it is all the terminal shows.
 */
public final class CommandFailure extends IllegalStateException {

    public CommandFailure(String oneLine) {
        super(oneLine);
    }

    public CommandFailure(String oneLine, Throwable cause) {
        super(oneLine, cause);
    }
}
