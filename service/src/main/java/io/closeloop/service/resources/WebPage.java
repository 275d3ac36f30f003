package io.closeloop.service.resources;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One of the service's own HTML pages (survey, chat panel, console, demo shop): read once from the classpath, and
 * answered with its Content-Security-Policy and the headers every page carries.
 *
 * @param html         the page
 * @param csp          what it may load, run and be framed by
 * @param cacheControl how long a browser may keep it
 */
record WebPage(String html, String csp, String cacheControl) {

    /** What every page may do: scripts, styles and requests to this origin only. */
    static final String SAME_ORIGIN = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'";

    static WebPage of(String resource, String cspExtra, String cacheControl) {
        return new WebPage(text(resource), SAME_ORIGIN + "; " + cspExtra, cacheControl);
    }

    Response.ResponseBuilder response(int status, String body) {
        return Response.status(status).entity(body).header("Content-Security-Policy", csp)
                .header("Referrer-Policy", "no-referrer").header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", cacheControl);
    }

    Response response() {
        return response(200, html).build();
    }

    static String text(String resource) {
        try (InputStream in = WebPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
