package io.closeloop.service.resources;

import io.closeloop.service.i18n.Messages;
import io.closeloop.service.i18n.SupportedLocales;
import io.closeloop.service.survey.SurveyResponder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code /s/{token}}: the mobile survey page. The page is static HTML, CSS and JS; it reads the survey from
 * the JSON API. The server only fills in the language and title so the first paint is already right.
 */
@Path("/s/{token}")
public final class SurveyPageResource {

    private final WebPage page = WebPage.of("/web/survey.html", "form-action 'none'; frame-ancestors 'none'", "no-store");

    private final SurveyResponder responder;
    private final Messages messages;

    public SurveyPageResource(SurveyResponder responder, Messages messages) {
        this.responder = responder;
        this.messages = messages;
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response page(@PathParam("token") String token) {
        Optional<String> locale = responder.locale(token);
        String contentLocale = SupportedLocales.contentLocale(locale.orElse(SupportedLocales.ENGLISH));
        String title = messages.get(contentLocale, locale.isPresent() ? "page.title" : "page.notfound.title");
        String html = page.html().replace("{{lang}}", contentLocale).replace("{{title}}", escape(title));
        return page.response(locale.isPresent() ? 200 : 404, html).build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
