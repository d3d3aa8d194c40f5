package io.parley.server.rest;

import io.parley.protocol.Identifiers;
import io.parley.server.admin.AuthFailureThrottle;
import io.parley.server.auth.Authenticator;
import io.parley.server.channels.ChannelService;
import io.parley.server.cluster.RedisFailures;
import io.parley.server.config.ServerConfig;
import io.parley.server.history.MessageArchive;
import io.parley.server.http.ApiCall;
import io.parley.server.http.ApiResponse;
import io.parley.server.http.HttpApi;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.store.EventFeed;
import io.parley.server.store.FeedEvent;
import io.parley.server.store.MessageHistory;
import io.parley.server.time.TimeSource;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agora's RTM 1.x RESTful API on the HTTP port, so an app's backend ports by changing its base
 * URL to {@code http(s)://<parley>:<http-port>/dev/v2/project/<appid>} (documented in
 * {@code docs/agora-rest.yaml}): peer and channel messages, the user and channel event feeds and
 * the message history. Authenticated by {@link RestAuth} before the body is read; per-app call
 * rates by {@link AppCallRates}. Every answer carries a {@code request_id}; failures are
 * {@code {"result": "failed", "code", "message"}} with their HTTP status, never a 500 for bad input.
 */
public final class AgoraRestApi implements HttpApi {
    public static final String PREFIX = "/dev/v2/project/";
    private static final Logger log = LoggerFactory.getLogger(AgoraRestApi.class);
    private static final int EVENTS_PER_RESPONSE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the API drives. */
    public record Features(PeerMessagingService messaging, ChannelService channels, MessageArchive archive,
                           EventFeed events, MessageHistory history) {
    }

    private enum Endpoint {
        PEER_MESSAGES("peer_messages", "POST", "users/{user_id}/peer_messages", AppCallRates.Group.MESSAGES),
        CHANNEL_MESSAGES("channel_messages", "POST", "users/{user_id}/channel_messages", AppCallRates.Group.MESSAGES),
        USER_EVENTS("user_events", "GET", "vendor/user_events", AppCallRates.Group.USER_EVENTS),
        CHANNEL_EVENTS("channel_events", "GET", "vendor/channel_events", AppCallRates.Group.CHANNEL_EVENTS),
        HISTORY_QUERY("history_query", "POST", "message/history/query", AppCallRates.Group.HISTORY),
        HISTORY_RESULT("history_result", "GET", "message/history/query/{handle}", AppCallRates.Group.HISTORY),
        HISTORY_COUNT("history_count", "GET", "message/history/count", AppCallRates.Group.HISTORY);

        final String metric;
        final String method;
        final String template;
        final AppCallRates.Group group;

        Endpoint(String metric, String method, String template, AppCallRates.Group group) {
            this.metric = metric;
            this.method = method;
            this.template = template;
            this.group = group;
        }
    }

    /** "METHOD /{appid}/rtm/template" of every endpoint (the OpenAPI document is checked against these). */
    static List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Endpoint e : Endpoint.values()) {
            out.add(e.method + " /{appid}/rtm/" + e.template);
        }
        return out;
    }

    private final ServerConfig config;
    private final RestAuth auth;
    private final AuthFailureThrottle throttle;
    private final AppCallRates rates;
    private final RestMessaging messaging;
    private final RestHistory history;
    private final EventFeed events;
    private volatile ParleyMetrics metrics = ParleyMetrics.NOOP;

    public AgoraRestApi(ServerConfig config, Authenticator authenticator, Features features, TimeSource time) {
        this.config = config;
        this.auth = new RestAuth(config.rest(), authenticator, config.devMode());
        this.throttle = new AuthFailureThrottle(config.adminAuthFailuresPerMinute(), time::nanoTime);
        this.rates = new AppCallRates(config.rest().messagesPerSecond(), config.rest().eventsPerSecond(),
                config.rest().historyPerSecond(), time::nanoTime);
        this.messaging = new RestMessaging(features.messaging(), features.channels(), features.archive(),
                time::currentTimeMillis);
        this.history = new RestHistory(features.history(), time::currentTimeMillis);
        this.events = features.events();
    }

    public void metrics(ParleyMetrics m) {
        this.metrics = m;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public ApiResponse precheck(ApiCall head) {
        String requestId = requestId();
        if (throttle.blocked(head.remoteAddress())) {
            return failure(requestId, new RestError(429, "too_many_failed_authentications",
                    "too many failed authentications from this address; try again in a minute"));
        }
        try {
            String appId = app(head.path());
            endpoint(head.method(), head.path());
            auth.authenticate(head, appId);
            return null;
        } catch (RestError e) {
            if (e.status == 401) {
                throttle.failed(head.remoteAddress());
            }
            return failure(requestId, e);
        }
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiCall call) {
        String requestId = requestId();
        Endpoint endpoint = null;
        try {
            String appId = app(call.path());
            endpoint = endpoint(call.method(), call.path());
            RestAuth.Caller caller = auth.authenticate(call, appId);
            rates.acquire(appId, endpoint.group);
            Endpoint e = endpoint;
            return dispatch(endpoint, appId, caller, call).handle((value, err) -> {
                ApiResponse r = err == null ? ok(requestId, value) : failure(requestId, unwrap(err));
                metrics.restCall(e.metric, r.status());
                return r;
            });
        } catch (RuntimeException e) {
            ApiResponse r = failure(requestId, e);
            metrics.restCall(endpoint == null ? "unknown" : endpoint.metric, r.status());
            return CompletableFuture.completedFuture(r);
        }
    }

    /** {@code [app, "rtm", …]}: the app, once it exists on this server. */
    private String app(List<String> path) {
        if (path.size() < 3 || !path.get(1).equals("rtm")) {
            throw new RestError(404, "not_found", "Agora's RTM REST API lives under /dev/v2/project/{appid}/rtm/");
        }
        String appId = path.get(0);
        if (!Identifiers.isValidAppId(appId) || (!config.devMode() && !config.apps().containsKey(appId))) {
            throw new RestError(404, "app_not_found", "no app '" + appId + "' on this server");
        }
        return appId;
    }

    private static Endpoint endpoint(String method, List<String> path) {
        List<String> p = path.subList(2, path.size());
        Endpoint e = null;
        if (p.size() == 3 && p.get(0).equals("users")) {
            e = p.get(2).equals("peer_messages") ? Endpoint.PEER_MESSAGES
                    : p.get(2).equals("channel_messages") ? Endpoint.CHANNEL_MESSAGES : null;
        } else if (p.size() == 2 && p.get(0).equals("vendor")) {
            e = p.get(1).equals("user_events") ? Endpoint.USER_EVENTS
                    : p.get(1).equals("channel_events") ? Endpoint.CHANNEL_EVENTS : null;
        } else if (p.size() == 2 && p.get(0).equals("hook") && p.get(1).equals("channel_events")) {
            e = Endpoint.CHANNEL_EVENTS; // the URL one of Agora's 2020 pages printed
        } else if (p.size() >= 3 && p.get(0).equals("message") && p.get(1).equals("history")) {
            e = p.size() == 3 && p.get(2).equals("query") ? Endpoint.HISTORY_QUERY
                    : p.size() == 4 && p.get(2).equals("query") ? Endpoint.HISTORY_RESULT
                    : p.size() == 3 && p.get(2).equals("count") ? Endpoint.HISTORY_COUNT : null;
        }
        if (e == null) {
            throw new RestError(404, "not_found", "no such RTM REST endpoint");
        }
        if (!e.method.equals(method)) {
            throw new RestError(405, "method_not_allowed", method + " is not supported here; use " + e.method);
        }
        return e;
    }

    private CompletionStage<Map<String, Object>> dispatch(Endpoint e, String appId, RestAuth.Caller caller, ApiCall call) {
        List<String> p = call.path().subList(2, call.path().size());
        return switch (e) {
            case PEER_MESSAGES -> messaging.peer(appId, sender(caller, p.get(1)),
                    RestJson.read(call.body(), RestMessaging.PeerMessage.class), waitForAck(call));
            case CHANNEL_MESSAGES -> messaging.channel(appId, sender(caller, p.get(1)),
                    RestJson.read(call.body(), RestMessaging.ChannelMessage.class));
            case USER_EVENTS -> events(appId, EventFeed.Kind.USER);
            case CHANNEL_EVENTS -> events(appId, EventFeed.Kind.CHANNEL);
            case HISTORY_QUERY -> CompletableFuture.completedFuture(history.create(appId,
                    RestJson.read(call.body(), RestHistory.Query.class)));
            case HISTORY_RESULT -> history.fetch(appId, p.get(3));
            case HISTORY_COUNT -> history.count(appId, call);
        };
    }

    private static String sender(RestAuth.Caller caller, String userId) {
        if (!Identifiers.isValidUserId(userId)) {
            throw RestError.badRequest("invalid_user_id", "the sender in the path breaks the RTM user id rules");
        }
        caller.mayActAs(userId);
        return userId;
    }

    private static boolean waitForAck(ApiCall call) {
        String v = call.queryParam("wait_for_ack");
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw RestError.badRequest("invalid_argument", "'wait_for_ack' must be true or false");
    }

    private CompletionStage<Map<String, Object>> events(String appId, EventFeed.Kind kind) {
        return events.take(appId, kind, EVENTS_PER_RESPONSE).thenApply(list -> {
            List<Map<String, Object>> out = new ArrayList<>(list.size());
            for (FeedEvent ev : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (kind == EventFeed.Kind.CHANNEL) {
                    m.put("group_id", ev.channelId());
                    m.put("channel_id", ev.channelId()); // the name 2020-2021 documents used
                }
                m.put("user_id", ev.userId());
                m.put("type", ev.type().name());
                m.put("ms", ev.ms());
                out.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("result", "success");
            body.put("events", out);
            return body;
        });
    }

    private static ApiResponse ok(String requestId, Map<String, Object> value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", value.getOrDefault("result", "success"));
        body.put("request_id", requestId);
        value.forEach(body::putIfAbsent);
        return new ApiResponse(200, RestJson.write(body));
    }

    private static ApiResponse failure(String requestId, Throwable e) {
        if (e instanceof RestError r) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("result", "failed");
            body.put("request_id", requestId);
            body.put("code", r.code);
            body.put("message", r.getMessage());
            return new ApiResponse(r.status, RestJson.write(body),
                    r.status == 401 ? Map.of("WWW-Authenticate", "Basic realm=\"parley\"") : Map.of());
        }
        String redis = RedisFailures.describe(e);
        if (redis != null) {
            log.warn("REST API call failed: Redis is unavailable: {}", redis);
            return new ApiResponse(503, RestJson.write(Map.of("result", "failed", "request_id", requestId,
                    "code", "unavailable", "message", "Redis is unavailable, try again: " + redis)));
        }
        log.error("REST API call failed", e);
        return new ApiResponse(500, RestJson.write(Map.of("result", "failed", "request_id", requestId,
                "code", "internal_error", "message", "internal error")));
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String requestId() {
        return Long.toUnsignedString(RANDOM.nextLong());
    }
}
