package io.closeloop.service.survey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a survey asks: up to three questions. Immutable once stored as a version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TemplateDefinition(@JsonProperty("questions") List<Question> questions) {

    public static final int MAX_QUESTIONS = 3;
    private static final Pattern QUESTION_ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public TemplateDefinition {
        questions = questions == null ? List.of() : List.copyOf(questions);
    }

    /** Every problem with this definition as field → message; empty when it can be used. */
    public List<Map.Entry<String, String>> problems() {
        List<Map.Entry<String, String>> problems = new ArrayList<>();
        if (questions.isEmpty() || questions.size() > MAX_QUESTIONS) {
            problems.add(Map.entry("questions", "a survey has 1 to " + MAX_QUESTIONS + " questions"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            String at = "questions[" + i + "]";
            if (q == null) {
                problems.add(Map.entry(at, "must not be null"));
                continue;
            }
            if (q.id() == null || !QUESTION_ID.matcher(q.id()).matches()) {
                problems.add(Map.entry(at + ".id", "must be lower-case letters, digits or _ (at most 32), starting with a letter"));
            } else if (!ids.add(q.id())) {
                problems.add(Map.entry(at + ".id", "is used twice"));
            }
            if (q.type() == null) {
                problems.add(Map.entry(at + ".type", "must be one of csat, nps, ces, rating, choice, text"));
                continue;
            }
            if (q.text() == null || !q.text().hasEnglish()) {
                problems.add(Map.entry(at + ".text", "needs an English text (\"en\")"));
            }
            q.textByBand().forEach((band, text) -> {
                if (text == null || !text.hasEnglish()) {
                    problems.add(Map.entry(at + ".textByBand." + band.wireName(), "needs an English text (\"en\")"));
                }
            });
            if (q.type() == QuestionType.CHOICE) {
                if (q.options().size() < 2 || q.options().size() > 10) {
                    problems.add(Map.entry(at + ".options", "a choice question has 2 to 10 options"));
                }
                Set<String> values = new HashSet<>();
                for (ChoiceOption option : q.options()) {
                    if (option == null || option.value() == null || option.value().isBlank() || option.value().length() > 100
                            || !values.add(option.value()) || option.label() == null || !option.label().hasEnglish()) {
                        problems.add(Map.entry(at + ".options", "each option needs a distinct value (at most 100 characters) and an English label"));
                        break;
                    }
                }
            } else if (!q.options().isEmpty()) {
                problems.add(Map.entry(at + ".options", "only choice questions have options"));
            }
        }
        return problems;
    }
}
