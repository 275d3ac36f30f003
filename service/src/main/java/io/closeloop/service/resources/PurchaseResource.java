package io.closeloop.service.resources;

import io.closeloop.service.api.PurchaseRequest;
import io.closeloop.service.http.ApiKeyRequired;
import io.closeloop.service.survey.PurchaseIntake;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Purchase events from shops and order systems. */
@Path("/api/v1/purchases")
@ApiKeyRequired
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class PurchaseResource {

    private final PurchaseIntake intake;

    public PurchaseResource(PurchaseIntake intake) {
        this.intake = intake;
    }

    /** 202 for a new order, 200 with the same invitation for an order seen before. */
    @POST
    public Response accept(PurchaseRequest request) {
        PurchaseIntake.Outcome outcome = intake.accept(request);
        return Response.status(outcome.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(outcome.invitation()).build();
    }
}
