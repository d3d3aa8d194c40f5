package io.parley.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the admin REST API of a server ({@code /api/v1/} + path) with a bearer secret. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status and parsed JSON body of one call. */
    public record Reply(int status, JsonNode json) {
        public String text(String field) {
            return json.path(field).asText();
        }

        @Override
        public String toString() {
            return status + " " + json;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String secret;

    public AdminClient(int httpPort, String secret) {
        this.port = httpPort;
        this.secret = secret;
    }

    public AdminClient withSecret(String other) {
        return new AdminClient(port, other);
    }

    public Reply get(String path) {
        return call("GET", path, null);
    }

    public Reply post(String path, String json) {
        return call("POST", path, json);
    }

    public Reply put(String path, String json) {
        return call("PUT", path, json);
    }

    public Reply patch(String path, String json) {
        return call("PATCH", path, json);
    }

    public Reply delete(String path) {
        return call("DELETE", path, null);
    }

    public Reply call(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/" + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
