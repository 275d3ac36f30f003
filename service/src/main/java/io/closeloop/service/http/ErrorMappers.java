package io.closeloop.service.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.closeloop.channels.PersonalData;
import io.closeloop.service.api.DomainException;
import io.closeloop.service.api.ErrorBody;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error leaves as JSON {code, message, details}; no stack trace or internal message reaches a client. */
public final class ErrorMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    public static List<Object> all() {
        return List.of(new Domain(), new Json(), new Web(), new Unexpected());
    }

    static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
    }

    /** Refusals the domain decided on. */
    public static final class Domain implements ExceptionMapper<DomainException> {
        @Override
        public Response toResponse(DomainException e) {
            return json(e.status(), e.body());
        }
    }

    /** Bodies that are not JSON (400) or whose fields have the wrong type or format (422). */
    public static final class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
                    return new Web().toResponse(tooLarge);
                }
            }
            if (e instanceof JsonMappingException mapping && !(e instanceof JsonParseException)
                    && !mapping.getPath().isEmpty()) {
                String field = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
                return json(422, new ErrorBody("invalid_request", "The request is not valid: " + field + " has the wrong type or format",
                        List.of(new ErrorBody.FieldProblem(field, "has the wrong type or format"))));
            }
            return json(400, new ErrorBody("malformed_json", "The request body is not valid JSON.", List.of()));
        }
    }

    /** What Jersey itself refuses: unknown paths, methods, media types, oversized bodies. */
    public static final class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500) {
                return new Unexpected().toResponse(e);
            }
            Response.Status known = Response.Status.fromStatusCode(status);
            String reason = known == null ? "error" : known.getReasonPhrase();
            String code = status == 413 ? "payload_too_large" : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            String message = switch (status) {
                case 404 -> "There is nothing at this address.";
                case 405 -> "This address does not accept that method.";
                case 406 -> "This address cannot answer in the format asked for.";
                case 413 -> "The request body is too large.";
                case 415 -> "This address needs a different Content-Type; send application/json.";
                default -> reason + ".";
            };
            Response.ResponseBuilder builder = Response.fromResponse(e.getResponse()).entity(
                    new ErrorBody(code, message, List.of())).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"));
            return builder.build();
        }
    }

    /** Anything else: logged with an id, and only the id goes back. */
    public static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            // What the database says about a value it refused names that value: the log gets it scrubbed.
            LOG.error("Unexpected error {}", id, PersonalData.scrub(e));
            return json(500, new ErrorBody("internal_error",
                    "Something went wrong on our side. Reference: " + id, List.of()));
        }
    }
}
