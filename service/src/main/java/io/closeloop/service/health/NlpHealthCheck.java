package io.closeloop.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.closeloop.nlp.NlpModels;

/**
 * Loading counts as healthy: the service serves surveys and webhooks meanwhile, and analysis jobs wait. A
 * failed load is unhealthy, with the reason.
 */
public final class NlpHealthCheck extends HealthCheck {
    private final NlpModels models;

    public NlpHealthCheck(NlpModels models) {
        this.models = models;
    }

    @Override
    protected Result check() {
        return switch (models.state()) {
            case DISABLED -> Result.builder().healthy().withMessage("disabled").withDetail("state", "disabled").build();
            case LOADING -> Result.builder().healthy().withMessage("loading").withDetail("state", "loading").build();
            case READY -> Result.builder().healthy().withMessage("ready").withDetail("state", "ready")
                    .withDetail("loadMillis", models.loadTime().map(d -> d.toMillis()).orElse(0L)).build();
            case FAILED -> Result.builder().unhealthy().withMessage("failed: " + models.failure().orElse("unknown"))
                    .withDetail("state", "failed").build();
        };
    }
}
