package io.closeloop.service.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * {@code /chat}, the chat panel (framed by any site: it holds nothing but the visitor's own conversation), and
 * {@code /widget.js}, the loader a shop adds to its pages.
 */
@Path("/")
public final class ChatPageResource {

    private final WebPage page = WebPage.of("/web/chat.html", "form-action 'none'", "no-cache");
    private final String loader = WebPage.text("/web/assets/widget.js");

    @GET
    @Path("chat")
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return page.response();
    }

    @GET
    @Path("widget.js")
    @Produces("application/javascript; charset=utf-8")
    public Response loader() {
        return Response.ok(loader).header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "public, max-age=300").build();
    }
}
