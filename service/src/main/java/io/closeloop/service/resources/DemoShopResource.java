package io.closeloop.service.resources;

import io.closeloop.service.dev.DemoShop;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /demo}, a shop page with the chat widget and a "place an order" button, and the endpoint behind the
 * button. Registered only when {@code demo.enabled} is set (config/local.yml).
 */
@Path("/demo")
public final class DemoShopResource {

    private final WebPage page = WebPage.of("/web/demo.html",
            "frame-src 'self'; form-action 'none'; frame-ancestors 'none'", "no-cache");

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return page.response();
    }

    /** The button's endpoint; JSON only, so another site's plain form cannot place orders here. */
    @Path("/api/v1/demo/orders")
    public static final class Orders {
        private final DemoShop shop;

        public Orders(DemoShop shop) {
            this.shop = shop;
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Response order(DemoShop.Order order) {
            return Response.status(Response.Status.CREATED).entity(shop.place(order)).build();
        }
    }
}
