package io.closeloop.service.resources;

import io.closeloop.service.api.DomainException;
import io.closeloop.service.http.ApiKeyRequired;
import io.closeloop.service.survey.SurveyTemplate;
import io.closeloop.service.survey.TemplateCatalog;
import io.closeloop.service.survey.TemplateDefinition;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Survey templates: read the current version or an earlier one, publish a new version. */
@Path("/api/v1/survey-templates/{key}")
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public final class TemplateResource {

    private final TemplateCatalog templates;

    public TemplateResource(TemplateCatalog templates) {
        this.templates = templates;
    }

    @GET
    public SurveyTemplate latest(@PathParam("key") String key) {
        return templates.latest(key).orElseThrow(() -> notFound(key));
    }

    @GET
    @Path("/versions/{version}")
    public SurveyTemplate version(@PathParam("key") String key, @PathParam("version") String version) {
        if (!version.matches("[0-9]{1,9}")) {
            throw notFound(key);
        }
        return templates.version(key, Integer.parseInt(version)).orElseThrow(() -> notFound(key));
    }

    /** Publishes a new version; purchases from now on use it, earlier responses keep theirs. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("key") String key, TemplateDefinition definition) {
        return Response.status(Response.Status.CREATED).entity(templates.createVersion(key, definition)).build();
    }

    private static DomainException notFound(String key) {
        return DomainException.notFound("template_not_found", "There is no such version of survey template '" + key + "'.");
    }
}
