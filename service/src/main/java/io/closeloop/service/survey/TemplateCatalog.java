package io.closeloop.service.survey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.ErrorBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** Survey templates and their versions. A stored version never changes, so parsed versions are cached. */
public final class TemplateCatalog {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<Long, SurveyTemplate> byId = new ConcurrentHashMap<>();
    /** The latest version per key, read again after {@link #LATEST_TTL_NANOS}: another instance may publish. */
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private static final long LATEST_TTL_NANOS = 5_000_000_000L;

    private record Latest(SurveyTemplate template, long readAt) {
    }

    public TemplateCatalog(Jdbi jdbi, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.clock = clock;
    }

    /** Stores the bundled default survey as version 1 of {@code key} when no version of it exists yet. */
    public SurveyTemplate ensureDefault(String key) {
        Optional<SurveyTemplate> existing = latest(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (InputStream in = TemplateCatalog.class.getResourceAsStream("/surveys/default.json")) {
            TemplateDefinition definition = json.readValue(in, TemplateDefinition.class);
            return createVersion(key, definition);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled default survey cannot be read", e);
        } catch (RuntimeException e) {
            // Another instance stored it first.
            return latest(key).orElseThrow(() -> e);
        }
    }

    /** The newest version of a template; a version published on another instance shows within seconds. */
    public Optional<SurveyTemplate> latest(String key) {
        Latest cached = latest.get(key);
        if (cached != null && System.nanoTime() - cached.readAt() < LATEST_TTL_NANOS) {
            return Optional.of(cached.template());
        }
        Optional<SurveyTemplate> found = jdbi.withExtension(SurveyDao.class, dao -> dao.latestTemplate(key)).map(this::parse);
        found.ifPresent(template -> latest.put(key, new Latest(template, System.nanoTime())));
        return found;
    }

    public Optional<SurveyTemplate> version(String key, int version) {
        return jdbi.withExtension(SurveyDao.class, dao -> dao.templateVersion(key, version)).map(this::parse);
    }

    public SurveyTemplate byId(long id) {
        SurveyTemplate cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        return jdbi.withExtension(SurveyDao.class, dao -> dao.templateById(id)).map(this::parse)
                .orElseThrow(() -> new IllegalStateException("survey template " + id + " is referenced but missing"));
    }

    /** Stores a new version of a template; responses to earlier versions keep pointing at theirs. */
    public SurveyTemplate createVersion(String key, TemplateDefinition definition) {
        var problems = new io.closeloop.service.api.FieldProblems();
        if (key == null || !TEMPLATE_KEY.matcher(key).matches()) {
            problems.add("key", "must be 1 to 64 lower-case letters, digits, - or _");
        }
        if (definition == null) {
            problems.add("questions", "must be given");
        } else {
            definition.problems().forEach(p -> problems.add(p.getKey(), p.getValue()));
        }
        problems.throwIfAny();
        String text;
        try {
            text = json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long id = jdbi.inTransaction(handle -> {
            SurveyDao dao = handle.attach(SurveyDao.class);
            int next = dao.latestTemplate(key).map(t -> t.version() + 1).orElse(1);
            return dao.insertTemplate(key, next, text, now);
        });
        latest.remove(key);
        return byId(id);
    }

    private SurveyTemplate parse(SurveyDao.TemplateRow row) {
        return byId.computeIfAbsent(row.id(), id -> {
            try {
                return new SurveyTemplate(row.id(), row.templateKey(), row.version(),
                        json.readValue(row.definition(), TemplateDefinition.class), row.createdAt());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("survey template " + id + " is not valid JSON", e);
            }
        });
    }

    public static DomainException unknownTemplate(String key) {
        return new DomainException(404, "template_not_found", "There is no survey template '" + key + "'.",
                java.util.List.<ErrorBody.FieldProblem>of());
    }
}
