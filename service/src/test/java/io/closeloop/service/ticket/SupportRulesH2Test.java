package io.closeloop.service.ticket;

import io.closeloop.service.testing.TestDatabase;

class SupportRulesH2Test extends SupportRulesContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
