package io.closeloop.service.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** {@code /console}: the agents' web console, static HTML, CSS and JS over the JSON API. */
@Path("/console")
public final class ConsolePageResource {

    private final WebPage page = WebPage.of("/web/console.html", "form-action 'self'; frame-ancestors 'none'", "no-store");

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return page.response();
    }
}
