package io.closeloop.service.health;

import com.codahale.metrics.health.HealthCheck;
import io.closeloop.service.db.Migrations;
import java.util.List;

/** Unhealthy while the database lacks change sets of the changelog this build carries. */
public final class MigrationsHealthCheck extends HealthCheck {

    private final Migrations migrations;

    public MigrationsHealthCheck(Migrations migrations) {
        this.migrations = migrations;
    }

    @Override
    protected Result check() {
        List<String> pending = migrations.pending();
        return pending.isEmpty()
                ? Result.healthy("schema up to date")
                : Result.unhealthy("pending change sets: " + pending + "; run 'db migrate'");
    }
}
