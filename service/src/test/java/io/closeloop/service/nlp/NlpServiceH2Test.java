package io.closeloop.service.nlp;

import io.closeloop.service.testing.TestDatabase;

class NlpServiceH2Test extends NlpServiceContract {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
