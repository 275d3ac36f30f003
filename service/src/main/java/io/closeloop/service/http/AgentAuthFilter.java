package io.closeloop.service.http;

import io.closeloop.service.agent.Agents;
import io.closeloop.service.api.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Signs agents in from their session. A session from a cookie must also show its CSRF token in
 * {@code X-CSRF-Token} on every request that changes something: a page on another site can make the browser
 * send the cookie, not read the token. A bearer session token is not sent by browsers on their own, so it
 * needs no CSRF token.
 */
@AgentRequired
@Priority(Priorities.AUTHENTICATION)
public final class AgentAuthFilter implements ContainerRequestFilter {
    public static final String COOKIE = "closeloop_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The request property that holds the {@link Agents.Authenticated} agent. */
    public static final String AGENT = "closeloop.agent";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "Bearer ";

    private final Agents agents;

    public AgentAuthFilter(Agents agents) {
        this.agents = agents;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        Cookie cookie = request.getCookies().get(COOKIE);
        String token = bearer ? header.substring(BEARER.length()).trim() : cookie == null ? null : cookie.getValue();
        Optional<Agents.Authenticated> who = agents.authenticate(token);
        if (who.isEmpty()) {
            request.abortWith(error(Response.Status.UNAUTHORIZED, token == null ? "not_signed_in" : "session_expired",
                    "Sign in first: POST /api/v1/auth/login."));
            return;
        }
        if (!bearer && !SAFE.contains(request.getMethod())) {
            String presented = request.getHeaderString(CSRF_HEADER);
            if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    who.get().csrfToken().getBytes(StandardCharsets.UTF_8))) {
                request.abortWith(error(Response.Status.FORBIDDEN, "csrf_token_missing",
                        "This request needs the session's CSRF token in the " + CSRF_HEADER + " header."));
                return;
            }
        }
        request.setProperty(AGENT, who.get());
    }

    private static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, message, List.of())).build();
    }
}
