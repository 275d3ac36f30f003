package io.closeloop.service.resources;

import io.closeloop.service.dev.DemoShop;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /demo}, a shop page with the chat widget and a "place an order" button, and the endpoint behind the
 * button. Registered only when {@code demo.enabled} is set (config/local.yml).
 */
@Path("/demo")
public final class DemoShopResource {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String page;

    public DemoShopResource() {
        try (InputStream in = DemoShopResource.class.getResourceAsStream("/web/demo.html")) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page() {
        return Response.ok(page).header("Content-Security-Policy", CSP).header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-cache").build();
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
