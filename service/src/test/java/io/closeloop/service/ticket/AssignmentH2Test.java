package io.closeloop.service.ticket;

import io.closeloop.service.testing.TestDatabase;

class AssignmentH2Test extends AssignmentContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
