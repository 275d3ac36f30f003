package io.closeloop.service.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Holds background work (loading the language models, training the FAQ) until the server is serving, then
 * hands it to the real executor: on two cores that work would otherwise slow the start-up by seconds.
 */
public final class AfterStart implements Executor {
    private final Executor delegate;
    private final List<Runnable> held = new ArrayList<>();
    private boolean released;

    public AfterStart(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (released) {
            delegate.execute(task);
        } else {
            held.add(task);
        }
    }

    /** Runs what was held and everything after it; nothing if the service stopped meanwhile. */
    public synchronized void release() {
        if (!released) {
            released = true;
            try {
                held.forEach(delegate::execute);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The service stopped before it had been up for long: the work is no longer wanted.
            }
            held.clear();
        }
    }
}
