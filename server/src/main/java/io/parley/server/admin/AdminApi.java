package io.parley.server.admin;

import io.parley.protocol.Identifiers;
import io.parley.server.attributes.UserAttributeService;
import io.parley.server.channels.ChannelAttributeService;
import io.parley.server.channels.ChannelService;
import io.parley.server.cluster.ClusterBans;
import io.parley.server.cluster.ClusterPorts;
import io.parley.server.cluster.RedisFailures;
import io.parley.server.session.CrossNodeSessions;
import io.parley.server.config.ServerConfig;
import io.parley.server.http.ApiCall;
import io.parley.server.http.ApiResponse;
import io.parley.server.http.HttpApi;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.presence.PresenceService;
import io.parley.server.session.SessionService;
import io.parley.server.store.MessageHistory;
import io.parley.server.time.TimeSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API ({@code /api/v1/apps/{app}/…}, documented in {@code docs/admin-api.yaml}):
 * authenticates the caller for the app in the path, routes to the endpoint and renders the JSON
 * answer. Never throws: every failure is a JSON {@code {code, message}} with its HTTP status.
 */
public final class AdminApi implements HttpApi {
    public static final String PREFIX = "/api/v1/";
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    /** The features the API drives. */
    public record Features(SessionService sessions, PeerMessagingService messaging, PresenceService presence,
                           UserAttributeService userAttributes, ChannelService channels,
                           ChannelAttributeService channelAttributes, CrossNodeSessions crossNode, ClusterPorts cluster,
                           MessageHistory history) {
    }

    private final ServerConfig config;
    private final AdminAuth auth;
    private final AuthFailureThrottle throttle;
    private final Router router = new Router();

    public AdminApi(ServerConfig config, Features features, TimeSource time) {
        this.config = config;
        this.auth = new AdminAuth(config);
        this.throttle = new AuthFailureThrottle(config.adminAuthFailuresPerMinute(), time::nanoTime);
        new MessageEndpoints(features.messaging(), features.channels()).register(router);
        new UserEndpoints(features.sessions(), features.presence(), features.userAttributes(), features.crossNode(), time)
                .register(router);
        new ChannelEndpoints(features.sessions(), features.channels(), features.channelAttributes())
                .register(router);
        new TokenEndpoint(config, time).register(router);
        new HistoryEndpoints(features.history(), time).register(router);
        new DirectoryEndpoints(config, features.sessions(), features.channels(), features.cluster()).register(router);
    }

    /** "METHOD template" of every endpoint, for the OpenAPI consistency test. */
    List<String> routes() {
        return router.describe();
    }

    /**
     * The answer a request gets from its path and credentials alone (401, 403), or null when it
     * passes authentication: the HTTP layer asks before it reads a body, so no unauthenticated
     * caller makes the server buffer one. A path outside an app needs some valid secret.
     */
    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public ApiResponse precheck(ApiCall head) {
        List<String> path = head.path();
        String authorization = head.header("authorization");
        String remoteAddress = head.remoteAddress();
        if (throttle.blocked(remoteAddress)) {
            return failure(new AdminError(429, "TOO_MANY_FAILED_AUTHENTICATIONS",
                    "too many failed authentications from this address; try again in a minute"));
        }
        try {
            if (path.size() >= 2 && path.get(0).equals("apps")) {
                auth.check(authorization, path.get(1));
            } else {
                auth.checkAny(authorization);
            }
            return null;
        } catch (AdminError e) {
            if (e.status == 401) {
                throttle.failed(remoteAddress);
            }
            return failure(e);
        }
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiCall req) {
        return handle(req, false);
    }

    /**
     * A call the console makes for a loopback operator of a dev-mode server with no admin secret:
     * no credentials are asked for (the console decides when that is allowed).
     */
    public CompletionStage<ApiResponse> handleTrusted(ApiCall req) {
        return handle(req, true);
    }

    /**
     * The apps an admin secret opens: null for every app (the server-wide secret), else their ids
     * (empty: the secret opens nothing).
     */
    public List<String> appsOpenedBy(String secret) {
        return secret == null ? List.of() : auth.appsOpenedBy(secret);
    }

    private CompletionStage<ApiResponse> handle(ApiCall req, boolean trusted) {
        try {
            List<String> path = req.path();
            if (path.size() == 1 && (path.get(0).equals("apps") || path.get(0).equals("nodes"))) {
                if (!trusted) {
                    auth.checkServerWide(req.header("authorization"));
                }
                return CompletableFuture.completedFuture(ok(router.dispatch(req.method(), path, req.body(), req.query())));
            }
            if (path.size() < 2 || !path.get(0).equals("apps")) {
                throw AdminError.notFound("NOT_FOUND", "admin endpoints live under /api/v1/apps/{app_id}/");
            }
            String appId = path.get(1);
            if (!trusted) {
                auth.check(req.header("authorization"), appId);
            }
            if (!Identifiers.isValidAppId(appId) || (!config.devMode() && !config.apps().containsKey(appId))) {
                throw AdminError.notFound("APP_NOT_FOUND", "no app '" + appId + "' on this server");
            }
            Object result = router.dispatch(req.method(), path, req.body(), req.query());
            if (result instanceof CompletionStage<?> stage) {
                return stage.handle((value, err) -> err == null ? ok(value) : failure(unwrap(err)));
            }
            return CompletableFuture.completedFuture(ok(result));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private static ApiResponse ok(Object value) {
        return new ApiResponse(200, Json.write(value));
    }

    private static ApiResponse failure(Throwable e) {
        if (e instanceof AdminError a) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", a.code);
            body.put("message", a.getMessage());
            if (a.rtmCode != null) {
                body.put("rtm_code", a.rtmCode);
            }
            return new ApiResponse(a.status, Json.write(body),
                    a.status == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of());
        }
        if (e instanceof ClusterBans.NotShared notShared) { // in force here; the operator must know, and may retry
            log.warn("admin ban or unban not shared with the cluster: {}", notShared.getMessage());
            return new ApiResponse(503, Json.write(Map.of("code", "CLUSTER_UNAVAILABLE", "message",
                    notShared.getMessage())));
        }
        String redis = RedisFailures.describe(e);
        if (redis != null) {
            log.warn("admin API call failed: Redis is unavailable: {}", redis);
            return new ApiResponse(503, Json.write(Map.of("code", "CLUSTER_UNAVAILABLE",
                    "message", "Redis is unavailable, try again: " + redis)));
        }
        log.error("admin API call failed", e);
        return new ApiResponse(500, Json.write(Map.of("code", "INTERNAL", "message", "internal error")));
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
