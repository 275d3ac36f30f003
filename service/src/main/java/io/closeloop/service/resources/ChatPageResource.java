package io.closeloop.service.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /chat}, the chat panel (framed by any site: it holds nothing but the visitor's own conversation), and
 * {@code /widget.js}, the loader a shop adds to its pages.
 */
@Path("/")
public final class ChatPageResource {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'";

    private final String page = read("/web/chat.html");
    private final String loader = read("/web/assets/widget.js");

    @GET
    @Path("chat")
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return Response.ok(page).header("Content-Security-Policy", CSP).header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("widget.js")
    @Produces("application/javascript; charset=utf-8")
    public Response loader() {
        return Response.ok(loader).header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "public, max-age=300").build();
    }

    private static String read(String resource) {
        try (InputStream in = ChatPageResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
