package io.closeloop.channels.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * The HTTP client under the Twilio SDK. It differs from the SDK's own in three ways that matter for not
 * texting anyone twice: it makes exactly one attempt per request (the SDK's client repeats any 5xx three
 * times, and a repeated "create message" is a second text); its failures say whether the request could
 * have reached Twilio ({@link NotSent} versus {@link OutcomeUnknown}); and its API base can be pointed at a
 * local fake of Twilio's REST API.
 */
public final class TwilioHttp extends com.twilio.http.HttpClient {

    /** The request never left: connecting failed. Safe to try again. */
    public static final class NotSent extends ApiConnectionException {
        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The request may have reached Twilio but no answer came back. Sending again could duplicate. */
    public static final class OutcomeUnknown extends ApiConnectionException {
        OutcomeUnknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http;
    private final Optional<URI> apiBase;
    private final Duration timeout;

    /**
     * @param apiBase where Twilio's REST API is, e.g. a local fake in tests; empty for Twilio's own hosts
     * @param timeout how long to wait for an answer to one request
     */
    public TwilioHttp(Optional<URI> apiBase, Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.apiBase = apiBase;
        this.timeout = timeout;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target(request.constructURL())).timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "closeloop");
        if (request.requiresAuthentication()) {
            builder.header("Authorization", request.getAuthString());
        }
        request.getHeaderParams().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        if (request.getMethod() == HttpMethod.GET) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .method(request.getMethod().toString(), HttpRequest.BodyPublishers.ofString(form(request.getPostParams())));
        }
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // With headers: the SDK reads them when its logging is at DEBUG, and fails on a response without.
            Header[] headers = response.headers().map().entrySet().stream()
                    .flatMap(header -> header.getValue().stream().map(value -> new BasicHeader(header.getKey(), value)))
                    .toArray(Header[]::new);
            return new Response(response.body(), response.statusCode(), headers);
        } catch (ConnectException e) {
            throw new NotSent("could not connect to Twilio", e);
        } catch (IOException e) {
            throw new OutcomeUnknown("no complete answer from Twilio", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutcomeUnknown("interrupted while waiting for Twilio", e);
        }
    }

    private URI target(URL url) {
        try {
            URI sdkUri = url.toURI();
            if (apiBase.isEmpty()) {
                return sdkUri;
            }
            // Raw parts, concatenated: the multi-argument URI constructors would encode the '%' of the query again.
            URI base = apiBase.get();
            return URI.create(base.getScheme() + "://" + base.getRawAuthority() + sdkUri.getRawPath()
                    + (sdkUri.getRawQuery() == null ? "" : "?" + sdkUri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad Twilio URL " + url, e);
        }
    }

    private static String form(Map<String, List<String>> params) {
        StringJoiner body = new StringJoiner("&");
        params.forEach((name, values) -> values.forEach(value -> body.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return body.toString();
    }
}
