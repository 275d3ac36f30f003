package io.closeloop.service.ticket;

import io.closeloop.service.testing.TestDatabase;

class AssignmentMariaDbTest extends AssignmentContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
