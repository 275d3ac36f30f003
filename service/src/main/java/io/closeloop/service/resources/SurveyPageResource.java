package io.closeloop.service.resources;

import io.closeloop.service.survey.Messages;
import io.closeloop.service.survey.SupportedLocales;
import io.closeloop.service.survey.SurveyResponder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /s/{token}}: the mobile survey page. The page is static HTML, CSS and JS; it reads the survey from
 * the JSON API. The server only fills in the language and title so the first paint is already right.
 */
@Path("/s/{token}")
public final class SurveyPageResource {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final SurveyResponder responder;
    private final Messages messages;
    private final String page;

    public SurveyPageResource(SurveyResponder responder, Messages messages) {
        this.responder = responder;
        this.messages = messages;
        try (InputStream in = SurveyPageResource.class.getResourceAsStream("/web/survey.html")) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page(@PathParam("token") String token) {
        Optional<String> locale = responder.locale(token);
        String contentLocale = SupportedLocales.contentLocale(locale.orElse(SupportedLocales.ENGLISH));
        String title = messages.get(contentLocale, locale.isPresent() ? "page.title" : "page.notfound.title");
        String html = page.replace("{{lang}}", contentLocale).replace("{{title}}", escape(title));
        return Response.status(locale.isPresent() ? 200 : 404).entity(html)
                .header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
