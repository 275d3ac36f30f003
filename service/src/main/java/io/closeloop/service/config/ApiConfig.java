package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The integration API.
 *
 * @param keys            bearer keys that system integrations present; at least one, each of 16 characters or more
 * @param publicBaseUrl   the address customers reach the service at; survey links are built on it
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 */
public record ApiConfig(
        @JsonProperty("keys") @NotEmpty(message = "must list at least one API key (set CLOSELOOP_API_KEY)")
                List<SecretString> keys,
        @JsonProperty("publicBaseUrl") URI publicBaseUrl,
        @JsonProperty("maxRequestBytes") @Min(1024) @Max(16 * 1024 * 1024) int maxRequestBytes) {

    public ApiConfig {
        keys = keys == null ? List.of() : List.copyOf(keys);
        for (SecretString key : keys) {
            if (key.reveal().isBlank() || key.reveal().length() < 16) {
                throw new IllegalArgumentException("every API key must have at least 16 characters");
            }
        }
        publicBaseUrl = Objects.requireNonNullElse(publicBaseUrl, URI.create("http://localhost:8080"));
        String base = publicBaseUrl.toString();
        if (base.endsWith("/")) {
            publicBaseUrl = URI.create(base.substring(0, base.length() - 1));
        }
        maxRequestBytes = maxRequestBytes == 0 ? 64 * 1024 : maxRequestBytes;
    }

    public static ApiConfig defaults() {
        return new ApiConfig(List.of(), null, 0);
    }
}
