package io.closeloop.service.db;

import io.closeloop.service.testing.TestDatabase;

class SurveyDaoMariaDbTest extends SurveyDaoContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
