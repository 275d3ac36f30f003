package io.closeloop.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.closeloop.service.nlp.Faq;

/**
 * Whether the bot has an FAQ to answer from. Never unhealthy: without one the bot still hands questions to a
 * person; the message says "trained" (with the model's size) or "not trained".
 */
public final class FaqHealthCheck extends HealthCheck {
    private final Faq faq;

    public FaqHealthCheck(Faq faq) {
        this.faq = faq;
    }

    @Override
    protected Result check() {
        return faq.model()
                .map(report -> Result.builder().healthy().withMessage("trained").withDetail("state", "trained")
                        .withDetail("intents", report.intents()).withDetail("questions", report.examples()).build())
                .orElseGet(() -> Result.builder().healthy().withMessage("not trained").withDetail("state", "not_trained")
                        .build());
    }
}
