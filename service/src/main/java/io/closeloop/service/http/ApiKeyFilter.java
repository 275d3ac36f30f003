package io.closeloop.service.http;

import io.closeloop.service.api.ErrorBody;
import io.closeloop.service.config.SecretString;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Checks the bearer API key of integration requests against the configured keys, in constant time. */
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final List<SecretString> keys;

    public ApiKeyFilter(List<SecretString> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : null;
        boolean valid = false;
        for (SecretString key : keys) {
            valid |= key.matches(presented);
        }
        if (!valid) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"closeloop\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(presented == null ? "missing_api_key" : "invalid_api_key",
                            "This endpoint needs a valid API key: Authorization: Bearer <key>.", List.of()))
                    .build());
        }
    }
}
