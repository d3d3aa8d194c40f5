package io.parley.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.parley.server.admin.AdminApi;
import io.parley.server.admin.AuthFailureThrottle;
import io.parley.server.config.ServerConfig;
import io.parley.server.http.ApiCall;
import io.parley.server.http.ApiResponse;
import io.parley.server.http.HttpApi;
import io.parley.server.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Parley Console under {@code /console/} on the HTTP port: the single-page app's three assets
 * (built from {@code console/} into the server jar) and its API under {@code /console/api/}.
 *
 * <p>Sign-in with an admin secret ({@code POST /console/api/session}) opens a server-side session
 * held by an {@code HttpOnly; SameSite=Strict} cookie; the secret never reaches the URL, the
 * browser's storage or a log. Every API call must carry {@code X-Parley-Console: 1} — a header a
 * cross-site form or image cannot send — so with SameSite cookies it is CSRF-safe. Pages are
 * served with a strict Content-Security-Policy (same-origin scripts, styles and connections only).
 * A dev-mode server without any admin secret opens the console to loopback clients without a
 * sign-in and says so. {@code /console/api/admin/…} forwards to the admin API with the session's
 * secret, so the console can do exactly what that secret allows.
 */
public final class ConsoleApi implements HttpApi {
    public static final String PREFIX = "/console/";
    static final String COOKIE = "parley_console";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8", "app.css", "text/css; charset=utf-8");

    private final ServerConfig config;
    private final AdminApi admin;
    private final ActivityLog activity;
    private final Supplier<List<String>> liveApps;
    private final ConsoleSessions sessions;
    private final AuthFailureThrottle throttle;
    private final Map<String, String> assets = new HashMap<>();

    /**
     * @param liveApps the apps with sessions on this node (dev mode lists those: no app is configured)
     */
    public ConsoleApi(ServerConfig config, AdminApi admin, ActivityLog activity, Supplier<List<String>> liveApps,
                      TimeSource time) {
        this.config = config;
        this.admin = admin;
        this.activity = activity;
        this.liveApps = liveApps;
        this.sessions = new ConsoleSessions(time::currentTimeMillis);
        this.throttle = new AuthFailureThrottle(config.adminAuthFailuresPerMinute(), time::nanoTime);
        for (String name : TYPES.keySet()) {
            try (InputStream in = ConsoleApi.class.getResourceAsStream("/console/" + name)) {
                if (in != null) {
                    assets.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read console asset " + name, e);
            }
        }
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public ApiResponse precheck(ApiCall head) {
        List<String> p = head.path();
        if (p.isEmpty() || !p.get(0).equals("api")) {
            return head.method().equals("GET") || head.method().equals("HEAD") ? null
                    : error(405, "METHOD_NOT_ALLOWED", "the console's pages are read with GET");
        }
        if (!"1".equals(head.header("x-parley-console"))) {
            return error(403, "CONSOLE_HEADER_REQUIRED", "console API calls carry X-Parley-Console: 1");
        }
        if (p.size() == 2 && p.get(1).equals("session")) {
            return throttle.blocked(head.remoteAddress()) ? error(429, "TOO_MANY_FAILED_AUTHENTICATIONS",
                    "too many failed sign-ins from this address; try again in a minute") : null;
        }
        return open(head) || signed(head) != null ? null : error(401, "SIGNED_OUT", "sign in first");
    }

    @Override
    public CompletionStage<ApiResponse> handle(ApiCall call) {
        ApiResponse refused = precheck(call);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        List<String> p = call.path();
        if (p.isEmpty() || !p.get(0).equals("api")) {
            return CompletableFuture.completedFuture(asset(p.isEmpty() ? "index.html" : String.join("/", p)));
        }
        String what = p.size() > 1 ? p.get(1) : "";
        return switch (what) {
            case "session" -> CompletableFuture.completedFuture(session(call));
            case "activity" -> CompletableFuture.completedFuture(p.size() == 3 && p.get(2).equals("stream")
                    ? activityStream(call) : activity(call));
            case "admin" -> forward(call);
            default -> CompletableFuture.completedFuture(error(404, "NOT_FOUND", "no such console API"));
        };
    }

    // ------------------------------------------------------------------------------- session

    private ApiResponse session(ApiCall call) {
        switch (call.method()) {
            case "GET" -> {
                return ok(state(call));
            }
            case "POST" -> {
                String secret;
                try {
                    Object v = JSON.readValue(call.body(), Map.class).get("secret");
                    secret = v instanceof String s ? s : null;
                } catch (IOException | RuntimeException e) {
                    return error(400, "MALFORMED_JSON", "send {\"secret\": \"…\"}");
                }
                List<String> apps = admin.appsOpenedBy(secret);
                if (apps != null && apps.isEmpty()) {
                    throttle.failed(call.remoteAddress());
                    return error(401, "UNAUTHORIZED", "unknown admin secret");
                }
                String token = sessions.open(secret, apps);
                Map<String, Object> body = state(call, new ConsoleSessions.Signed(secret, apps, 0));
                return new ApiResponse(200, write(body), headers(Map.of("Set-Cookie", cookie(token, false))));
            }
            case "DELETE" -> {
                sessions.close(cookieValue(call));
                return new ApiResponse(200, write(Map.of("state", open(call) ? "open" : "signed_out")),
                        headers(Map.of("Set-Cookie", cookie("", true))));
            }
            default -> {
                return error(405, "METHOD_NOT_ALLOWED", "GET, POST or DELETE");
            }
        }
    }

    private Map<String, Object> state(ApiCall call) {
        return state(call, signed(call));
    }

    private Map<String, Object> state(ApiCall call, ConsoleSessions.Signed s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s != null ? "signed_in" : open(call) ? "open" : "signed_out");
        out.put("dev_mode", config.devMode());
        out.put("scope", s != null && s.apps() != null ? "app" : "server");
        out.put("apps", s != null || open(call) ? apps(s) : List.of());
        return out;
    }

    /** The apps a session may see: its secret's apps, else the configured apps, else (dev mode) the live ones. */
    private List<String> apps(ConsoleSessions.Signed s) {
        if (s != null && s.apps() != null) {
            return s.apps();
        }
        List<String> out = new ArrayList<>(config.devMode() ? liveApps.get() : config.apps().keySet());
        out.sort(null);
        return out;
    }

    /** Dev mode with no admin secret at all, and the caller on loopback: no sign-in. */
    private boolean open(ApiCall call) {
        if (!config.devMode() || config.adminSecret() != null || call.remoteAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(call.remoteAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private ConsoleSessions.Signed signed(ApiCall call) {
        return sessions.get(cookieValue(call));
    }

    private static String cookieValue(ApiCall call) {
        String header = call.header("cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private String cookie(String token, boolean expire) {
        return COOKIE + "=" + token + "; Path=/console; HttpOnly; SameSite=Strict" + (config.tls() ? "; Secure" : "")
                + (expire ? "; Max-Age=0" : "");
    }

    // ------------------------------------------------------------------------------ activity

    /** The {@code after} sequence number of an activity call (0: from the oldest kept), or -1 when malformed. */
    private static long after(ApiCall call) {
        try {
            long after = call.queryParam("after") == null ? 0 : Long.parseLong(call.queryParam("after"));
            return after < 0 ? -1 : after;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private ApiResponse activity(ApiCall call) {
        long after = after(call);
        if (after < 0) {
            return error(400, "INVALID_ARGUMENT", "'after' must be a number");
        }
        ConsoleSessions.Signed s = signed(call);
        return ok(Map.of("events", activity.after(after, s == null ? null : s.apps())));
    }

    /** Server-Sent Events: the backlog after {@code after}, then each new event, as JSON. */
    private ApiResponse activityStream(ApiCall call) {
        long after = after(call);
        if (after < 0) {
            return error(400, "INVALID_ARGUMENT", "'after' must be a number");
        }
        ConsoleSessions.Signed s = signed(call);
        List<String> apps = s == null ? null : s.apps();
        return ApiResponse.eventStream(sink -> {
            AutoCloseable sub = activity.subscribe(after, apps, a -> sink.accept(write(a)));
            if (sub == null) {
                sink.accept(write(Map.of("error", "too many console readers")));
                return () -> { };
            }
            return sub;
        }, headers(Map.of()));
    }

    // --------------------------------------------------------------------------------- admin

    private CompletionStage<ApiResponse> forward(ApiCall call) {
        List<String> rest = call.path().subList(2, call.path().size());
        ConsoleSessions.Signed s = signed(call);
        if (s == null) {
            return admin.handleTrusted(new ApiCall(call.method(), rest, Map.of(), call.query(), call.remoteAddress(),
                    call.body())).thenApply(this::withHeaders);
        }
        return admin.handle(new ApiCall(call.method(), rest, Map.of("authorization", "Bearer " + s.secret()),
                call.query(), call.remoteAddress(), call.body())).thenApply(this::withHeaders);
    }

    // ------------------------------------------------------------------------------- answers

    private ApiResponse asset(String name) {
        String body = assets.get(name);
        if (body == null) {
            return error(404, "NOT_FOUND", TYPES.containsKey(name)
                    ? "the console was not built into this jar (build with Maven, which runs console/'s npm build)"
                    : "no such console page");
        }
        return new ApiResponse(200, body, headers(Map.of("Content-Type", TYPES.get(name))));
    }

    private ApiResponse withHeaders(ApiResponse r) {
        return new ApiResponse(r.status(), r.json(), headers(r.headers()));
    }

    /** Every console answer: no caching, no sniffing, no framing, the strict policy. */
    private static Map<String, String> headers(Map<String, String> extra) {
        Map<String, String> h = new HashMap<>(extra);
        h.putIfAbsent("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cache-Control", "no-store");
        return h;
    }

    private static ApiResponse ok(Object body) {
        return new ApiResponse(200, write(body), headers(Map.of()));
    }

    private static ApiResponse error(int status, String code, String message) {
        return new ApiResponse(status, write(Map.of("code", code, "message", message)), headers(Map.of()));
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
