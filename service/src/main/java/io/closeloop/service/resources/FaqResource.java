package io.closeloop.service.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.nlp.intent.IntentScore;
import io.closeloop.nlp.intent.TrainingReport;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.http.ApiKeyRequired;
import io.closeloop.service.nlp.Faq;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** The FAQ the bot answers from, and the bot's reading of a question. */
@Path("/api/v1")
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public final class FaqResource {

    public record ImportResult(int intents, int questions, TrainingView model) {
    }

    public record TrainingView(int examples, int intents, double outOfScopeThreshold, double temperature,
                               Double crossValidatedAccuracy, Double crossValidatedOutOfScopeRecall, long trainingMillis) {
        static TrainingView of(TrainingReport r) {
            return new TrainingView(r.examples(), r.intents(), r.outOfScopeThreshold(), r.temperature(),
                    Double.isNaN(r.crossValidatedAccuracy()) ? null : r.crossValidatedAccuracy(),
                    Double.isNaN(r.crossValidatedOutOfScopeRecall()) ? null : r.crossValidatedOutOfScopeRecall(),
                    r.trainingTime().toMillis());
        }
    }

    public record FaqView(List<Faq.Entry> entries, TrainingView model) {
    }

    public record ClassifyRequest(@JsonProperty("text") String text, @JsonProperty("locale") String locale) {
    }

    public record ClassifyView(String intent, double confidence, boolean outOfScope, boolean ambiguous, String answer,
                               List<IntentScore> alternatives) {
    }

    private final Faq faq;
    private final int maxTextLength;

    public FaqResource(Faq faq, int maxTextLength) {
        this.faq = faq;
        this.maxTextLength = maxTextLength;
    }

    @POST
    @Path("/faq/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    public ImportResult importCsv(String csv) {
        return result(faq.importCsv(csv == null ? "" : csv));
    }

    @POST
    @Path("/faq/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportResult importJson(Faq.Import request) {
        return result(faq.importEntries(request == null ? null : request.entries()));
    }

    @GET
    @Path("/faq")
    public FaqView list() {
        return new FaqView(faq.entries(), faq.model().map(TrainingView::of).orElse(null));
    }

    @POST
    @Path("/bot/classify")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClassifyView classify(ClassifyRequest request) {
        FieldProblems problems = new FieldProblems();
        String text = request == null ? null : request.text();
        if (text == null || text.isBlank()) {
            problems.add("text", "must not be empty");
        } else if (text.length() > maxTextLength) {
            problems.add("text", "has " + text.length() + " characters; at most " + maxTextLength);
        }
        Optional<String> locale = Optional.empty();
        if (request != null && request.locale() != null && !request.locale().isBlank()) {
            locale = io.closeloop.service.i18n.SupportedLocales.normalize(request.locale());
            if (locale.isEmpty()) {
                problems.add("locale", "is not a language tag such as en or zh-CN");
            }
        }
        problems.throwIfAny();
        Faq.Answer a = faq.classify(text, locale);
        return new ClassifyView(a.intent(), a.confidence(), a.outOfScope(), a.ambiguous(), a.answer(), a.alternatives());
    }

    private ImportResult result(TrainingReport report) {
        return new ImportResult(report.intents(), report.examples(), TrainingView.of(report));
    }
}
