package io.parley.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Calls Agora's RTM REST API on a server ({@code /dev/v2/project/<app>/} + path) with the headers given. */
public final class RestClient {
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
    private final String appId;
    private final Map<String, String> headers;

    private RestClient(int port, String appId, Map<String, String> headers) {
        this.port = port;
        this.appId = appId;
        this.headers = headers;
    }

    /** HTTP Basic with a customer id and secret. */
    public static RestClient basic(int httpPort, String appId, String customerId, String secret) {
        return new RestClient(httpPort, appId, Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((customerId + ":" + secret).getBytes(StandardCharsets.UTF_8))));
    }

    /** RTM token authentication ({@code x-agora-token}, {@code x-agora-uid}). */
    public static RestClient token(int httpPort, String appId, String token, String uid) {
        return new RestClient(httpPort, appId, Map.of("x-agora-token", token, "x-agora-uid", uid));
    }

    /** Any headers (none: an unauthenticated caller). */
    public static RestClient withHeaders(int httpPort, String appId, Map<String, String> headers) {
        return new RestClient(httpPort, appId, new LinkedHashMap<>(headers));
    }

    public Reply get(String path) {
        return call("GET", path, null);
    }

    public Reply post(String path, String json) {
        return call("POST", path, json);
    }

    public Reply call(String method, String path, String json) {
        return callAsync(method, path, json).join();
    }

    public CompletableFuture<Reply> postAsync(String path, String json) {
        return callAsync("POST", path, json);
    }

    public CompletableFuture<Reply> callAsync(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/v2/project/" + appId
                        + "/" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json;charset=utf-8");
        }
        headers.forEach(b::header);
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            try {
                return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not JSON: " + r.body(), e);
            }
        });
    }
}
