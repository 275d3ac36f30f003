package io.closeloop.service.metrics;

import io.closeloop.service.testing.TestDatabase;

class FunnelH2Test extends FunnelContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
