package io.closeloop.service.survey;

import java.time.Instant;
import java.util.Optional;

/** One stored version of a template. Responses always refer to the version they answered. */
public record SurveyTemplate(long id, String key, int version, TemplateDefinition definition, Instant createdAt) {

    public Optional<Question> question(String questionId) {
        return definition.questions().stream().filter(q -> q.id().equals(questionId)).findFirst();
    }
}
