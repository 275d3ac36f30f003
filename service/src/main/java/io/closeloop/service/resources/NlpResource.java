package io.closeloop.service.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.closeloop.nlp.sentiment.AspectMention;
import io.closeloop.nlp.sentiment.SentenceSentiment;
import io.closeloop.nlp.sentiment.SentimentResult;
import io.closeloop.service.http.ApiKeyRequired;
import io.closeloop.service.nlp.Sentiment;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Sentiment and aspects of any text, one at a time or in batches. */
@Path("/api/v1/nlp")
@ApiKeyRequired
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class NlpResource {

    public record SentimentRequest(@JsonProperty("text") String text, @JsonProperty("language") String language) {
    }

    public record BatchRequest(@JsonProperty("texts") List<String> texts, @JsonProperty("language") String language) {
    }

    public record SentenceView(int index, String text, String label, double score) {
    }

    public record AspectView(String aspect, String term, int sentence, String label, double score) {
    }

    public record SentimentView(String language, String label, double score, List<SentenceView> sentences,
                                List<AspectView> aspects) {
        static SentimentView of(SentimentResult r) {
            return new SentimentView(r.language().code(), r.label().wireName(), r.score(),
                    r.sentences().stream().map(SentimentView::sentence).toList(),
                    r.aspects().stream().map(SentimentView::aspect).toList());
        }

        private static SentenceView sentence(SentenceSentiment s) {
            return new SentenceView(s.index(), s.text(), s.label().wireName(), s.score());
        }

        private static AspectView aspect(AspectMention a) {
            return new AspectView(a.aspect(), a.term(), a.sentence(), a.label().wireName(), a.score());
        }
    }

    public record BatchView(List<SentimentView> results) {
    }

    private final Sentiment sentiment;

    public NlpResource(Sentiment sentiment) {
        this.sentiment = sentiment;
    }

    @POST
    @Path("/sentiment")
    public SentimentView analyze(SentimentRequest request) {
        SentimentRequest r = request == null ? new SentimentRequest(null, null) : request;
        return SentimentView.of(sentiment.analyze(r.text(), r.language()));
    }

    @POST
    @Path("/sentiment/batch")
    public BatchView analyzeAll(BatchRequest request) {
        BatchRequest r = request == null ? new BatchRequest(null, null) : request;
        return new BatchView(sentiment.analyzeAll(r.texts(), r.language()).stream().map(SentimentView::of).toList());
    }
}
