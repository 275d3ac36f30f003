package io.closeloop.service.db;

import io.closeloop.service.testing.TestDatabase;

class SurveyDaoH2Test extends SurveyDaoContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
