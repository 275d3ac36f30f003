package io.closeloop.service.resources;

import io.closeloop.service.api.AnswerRequest;
import io.closeloop.service.api.AnswerResult;
import io.closeloop.service.api.SurveyView;
import io.closeloop.service.survey.SurveyResponder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The customer's survey, authorised by its token alone. */
@Path("/api/v1/surveys/{token}")
@Produces(MediaType.APPLICATION_JSON)
public final class SurveyResource {

    private final SurveyResponder responder;

    public SurveyResource(SurveyResponder responder) {
        this.responder = responder;
    }

    @GET
    public SurveyView view(@PathParam("token") String token) {
        return responder.view(token);
    }

    @POST
    @Path("/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public AnswerResult answer(@PathParam("token") String token, AnswerRequest request) {
        return responder.answer(token, request);
    }
}
