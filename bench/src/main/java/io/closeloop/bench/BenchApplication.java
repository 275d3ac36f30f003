package io.closeloop.bench;

import io.closeloop.service.CloseloopApplication;
import io.closeloop.service.config.CloseloopConfiguration;
import io.dropwizard.core.setup.Environment;

/**
 * The real service plus three trivial endpoints served by the same Jetty, Jersey, Jackson and filters: {@link
 * BareResource} (JSON), the baseline of the purchase and answer benchmarks, {@link BareWebhookResource} (a
 * Twilio-style form), the baseline of the SMS webhook benchmark, and {@link BareWeChatResource} (a WeChat
 * safe-mode push), the baseline of the WeChat benchmark.
 */
public final class BenchApplication extends CloseloopApplication {

    @Override
    public void run(CloseloopConfiguration config, Environment environment) {
        super.run(config, environment);
        environment.jersey().register(new BareResource());
        environment.jersey().register(new BareWebhookResource());
        environment.jersey().register(new BareWeChatResource());
    }
}
