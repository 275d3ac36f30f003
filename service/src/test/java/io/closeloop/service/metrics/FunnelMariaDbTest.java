package io.closeloop.service.metrics;

import io.closeloop.service.testing.TestDatabase;

class FunnelMariaDbTest extends FunnelContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
