package io.closeloop.service.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code /console}: the agents' web console, static HTML, CSS and JS over the JSON API. */
@Path("/console")
public final class ConsolePageResource {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String page;

    public ConsolePageResource() {
        try (InputStream in = ConsolePageResource.class.getResourceAsStream("/web/console.html")) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return Response.ok(page)
                .header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }
}
