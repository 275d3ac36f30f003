package io.closeloop.service.resources;

import io.closeloop.service.metrics.AnswerForExport;
import io.closeloop.service.metrics.MetricsFilter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.api.FieldProblems;
import io.closeloop.service.http.ApiKeyRequired;
import io.closeloop.service.metrics.MetricsDao;
import io.closeloop.service.metrics.MetricsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/responses}: every response whose first answer came in the period, streamed. CSV starts
 * with a UTF-8 byte-order mark so that spreadsheet programs read Chinese text correctly.
 */
@Path("/api/v1/responses")
@ApiKeyRequired
public final class ResponseExportResource {

    /** Answer columns per question position; a survey has at most three questions. */
    private static final int QUESTION_COLUMNS = 3;

    private final MetricsService metrics;
    private final ObjectMapper json;
    private final Clock clock;

    public ResponseExportResource(MetricsService metrics, ObjectMapper json, Clock clock) {
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    @GET
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("format") String format, @QueryParam("channel") String channel,
            @QueryParam("store") String store, @QueryParam("product") String product) {
        String chosen = format == null || format.isBlank() ? "json" : format.trim();
        if (!chosen.equals("json") && !chosen.equals("csv")) {
            new FieldProblems().add("format", "must be csv or json").throwIfAny();
        }
        TimeRange range = TimeRange.parse(from, to, clock);
        MetricsFilter filter = Filters.of(channel, store, product);
        if (chosen.equals("csv")) {
            StreamingOutput body = out -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                writer.write('\uFEFF');
                writeCsvRow(writer, header());
                forEachResponse(range, filter, response -> writeCsvRow(writer, csvRow(response)));
                writer.flush();
            };
            return Response.ok(body, "text/csv; charset=utf-8")
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"closeloop-responses.csv\"").build();
        }
        StreamingOutput body = out -> {
            JsonGenerator generator = json.getFactory().createGenerator(out);
            generator.writeStartObject();
            generator.writeStringField("from", range.from().toString());
            generator.writeStringField("to", range.to().toString());
            generator.writeArrayFieldStart("responses");
            forEachResponse(range, filter, response -> {
                try {
                    json.writeValue(generator, response);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            generator.writeEndArray();
            generator.writeEndObject();
            generator.flush();
        };
        return Response.ok(body, "application/json; charset=utf-8").build();
    }

    /** One exported response with its answers in question order. */
    public record ExportedResponse(
            String invitationId, String orderId, String customerId, String channel, String locale, String store,
            String template, int templateVersion, String status, Instant sentAt, Instant firstAnswerAt,
            Instant completedAt, List<ExportedAnswer> answers) {
    }

    public record ExportedAnswer(String questionId, String type, Object value, boolean skipped, long durationMs,
            Instant answeredAt, ExportedSentiment sentiment) {
    }

    /** The analysed sentiment of a free-text answer; absent until the analysis has run. */
    public record ExportedSentiment(String label, Double score, List<String> aspects) {
    }

    private interface ResponseSink {
        void accept(ExportedResponse response) throws IOException;
    }

    private void forEachResponse(TimeRange range, MetricsFilter filter, ResponseSink sink) throws IOException {
        List<AnswerForExport> current = new ArrayList<>();
        try {
            metrics.exportAnswers(range.from(), range.to(), filter, row -> {
                if (!current.isEmpty() && !current.get(0).invitationId().equals(row.invitationId())) {
                    emit(current, sink);
                    current.clear();
                }
                current.add(row);
            });
            if (!current.isEmpty()) {
                emit(current, sink);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void emit(List<AnswerForExport> rows, ResponseSink sink) {
        AnswerForExport first = rows.get(0);
        List<ExportedAnswer> answers = rows.stream().map(r -> {
            boolean skipped = Boolean.TRUE.equals(r.skipped());
            Object value = skipped ? null : r.score() != null ? r.score() : r.choiceValue() != null ? r.choiceValue() : r.textValue();
            return new ExportedAnswer(r.questionId(), r.questionType(), value, skipped, r.durationMs(), r.answeredAt(),
                    r.sentimentLabel() == null ? null
                            : new ExportedSentiment(r.sentimentLabel(), r.sentimentScore(), aspects(r.sentimentAspects())));
        }).toList();
        try {
            sink.accept(new ExportedResponse(first.invitationId(), first.orderId(), first.customerExternalId(),
                    first.channel(), first.locale(), first.store(), first.templateKey(), first.templateVersion(),
                    first.status(), first.sentAt(), first.firstAnswerAt(), first.completedAt(), answers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "delivery:negative" per mention, from the stored JSON. */
    private List<String> aspects(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            List<String> aspects = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode node : json.readTree(stored)) {
                aspects.add(node.path("aspect").asText() + ":" + node.path("label").asText());
            }
            return aspects;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> header() {
        List<String> columns = new ArrayList<>(List.of("invitation_id", "order_id", "customer_id", "channel", "locale",
                "store", "template", "template_version", "status", "sent_at", "first_answer_at", "completed_at"));
        for (int i = 1; i <= QUESTION_COLUMNS; i++) {
            columns.addAll(List.of("q" + i + "_id", "q" + i + "_type", "q" + i + "_value", "q" + i + "_duration_ms",
                    "q" + i + "_sentiment", "q" + i + "_sentiment_score", "q" + i + "_aspects"));
        }
        return columns;
    }

    private static List<String> csvRow(ExportedResponse r) {
        List<String> cells = new ArrayList<>(List.of(r.invitationId(), r.orderId(), r.customerId(), r.channel(),
                r.locale(), text(r.store()), r.template(), String.valueOf(r.templateVersion()), r.status(),
                text(r.sentAt()), text(r.firstAnswerAt()), text(r.completedAt())));
        for (int i = 0; i < QUESTION_COLUMNS; i++) {
            if (i < r.answers().size()) {
                ExportedAnswer a = r.answers().get(i);
                cells.addAll(List.of(a.questionId(), a.type(), text(a.value()), String.valueOf(a.durationMs()),
                        a.sentiment() == null ? "" : a.sentiment().label(),
                        a.sentiment() == null ? "" : text(a.sentiment().score()),
                        a.sentiment() == null ? "" : String.join(";", a.sentiment().aspects())));
            } else {
                cells.addAll(List.of("", "", "", "", "", "", ""));
            }
        }
        return cells;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /**
     * RFC 4180 quoting. A cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
     * apostrophe: customers write the free-text answers.
     */
    static void writeCsvRow(Writer writer, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            String cell = cells.get(i);
            if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?[0-9]+")) {
                cell = "'" + cell;
            }
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                cell = '"' + cell.replace("\"", "\"\"") + '"';
            }
            writer.write(cell);
        }
        writer.write("\r\n");
    }
}
