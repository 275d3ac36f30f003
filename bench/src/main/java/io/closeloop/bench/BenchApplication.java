package io.closeloop.bench;

import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.CloseloopConfiguration;
import io.dropwizard.core.setup.Environment;

/**
 * The real service plus one trivial endpoint, {@link BareResource}, served by the same Jetty, Jersey, Jackson
 * and filters. It is the baseline that every load benchmark measures in the same run.
 */
public final class BenchApplication extends CloseloopApplication {

    @Override
    public void run(CloseloopConfiguration config, Environment environment) {
        super.run(config, environment);
        environment.jersey().register(new BareResource());
    }
}
