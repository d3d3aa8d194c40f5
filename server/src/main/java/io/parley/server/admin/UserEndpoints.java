package io.parley.server.admin;

import io.parley.server.log.LogSafe;
import io.parley.protocol.Identifiers;
import io.parley.server.attributes.UserAttributeService;
import io.parley.server.presence.PresenceService;
import io.parley.server.session.CrossNodeSessions;
import io.parley.server.session.Session;
import io.parley.server.session.SessionService;
import io.parley.server.time.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users: online status ({@code POST apps/{app}/online_status}), attributes
 * ({@code GET apps/{app}/users/{user}/attributes}), kick ({@code POST apps/{app}/users/{user}/kick})
 * and bans ({@code GET apps/{app}/bans}, {@code PUT|DELETE apps/{app}/bans/{user}}).
 */
final class UserEndpoints {
    private static final Logger log = LoggerFactory.getLogger(UserEndpoints.class);
    static final int MAX_STATUS_IDS = 256;
    static final long MAX_BAN_SECONDS = 366L * 24 * 3600;

    record OnlineStatusRequest(List<String> userIds) {
    }

    record OnlineStatusResult(Map<String, String> statuses) {
    }

    record UserAttributesResult(String userId, Map<String, String> attributes) {
    }

    record KickResult(String userId, boolean kicked) {
    }

    record BanRequest(long durationSeconds) {
    }

    record Ban(String userId, String bannedUntil, boolean kicked) {
    }

    record BanList(List<Ban> bans) {
    }

    private final SessionService sessions;
    private final PresenceService presence;
    private final UserAttributeService attributes;
    private final TimeSource time;
    private final CrossNodeSessions crossNode;

    UserEndpoints(SessionService sessions, PresenceService presence, UserAttributeService attributes, CrossNodeSessions crossNode,
                  TimeSource time) {
        this.crossNode = crossNode;
        this.sessions = sessions;
        this.presence = presence;
        this.attributes = attributes;
        this.time = time;
    }

    void register(Router r) {
        r.add("POST", "apps/{app}/online_status", this::onlineStatus);
        r.add("GET", "apps/{app}/users/{user}/attributes", this::attributes);
        r.add("POST", "apps/{app}/users/{user}/kick", this::kick);
        r.add("GET", "apps/{app}/bans", this::bans);
        r.add("PUT", "apps/{app}/bans/{user}", this::ban);
        r.add("DELETE", "apps/{app}/bans/{user}", this::unban);
    }

    private Object onlineStatus(Router.Call call) {
        OnlineStatusRequest req = call.body(OnlineStatusRequest.class);
        List<String> ids = req.userIds();
        if (ids == null || ids.isEmpty()) {
            throw AdminError.badRequest("INVALID_ARGUMENT", "'user_ids' must list at least one user id");
        }
        if (ids.size() > MAX_STATUS_IDS) {
            throw AdminError.badRequest("EXCEED_LIMIT", "at most " + MAX_STATUS_IDS + " user ids per call");
        }
        ids.forEach(UserEndpoints::userId);
        List<String> unique = List.copyOf(new java.util.LinkedHashSet<>(ids));
        return presence.statesOf(call.param("app"), unique).thenApply(states -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < unique.size(); i++) {
                out.put(unique.get(i), switch (states.get(i)) {
                    case PEER_STATE_ONLINE -> "ONLINE";
                    case PEER_STATE_UNREACHABLE -> "UNREACHABLE";
                    default -> "OFFLINE";
                });
            }
            return new OnlineStatusResult(out);
        });
    }

    private Object attributes(Router.Call call) {
        String userId = userId(call.param("user"));
        return attributes.attributesOf(call.param("app"), userId).thenApply(attrs -> {
            if (attrs == null) {
                throw AdminError.notFound("USER_NOT_FOUND", "user is not online");
            }
            return new UserAttributesResult(userId, attrs);
        });
    }

    private Object kick(Router.Call call) {
        String userId = userId(call.param("user"));
        String app = call.param("app");
        return crossNode.kick(app, userId).thenApply(kicked -> {
            if (!kicked) {
                throw AdminError.notFound("USER_NOT_FOUND", "user is not online");
            }
            log.info("admin kick app={} user={}", LogSafe.of(app), LogSafe.of(userId));
            return new KickResult(userId, true);
        });
    }

    private Object bans(Router.Call call) {
        List<Ban> out = new ArrayList<>();
        sessions.bans().inForce(call.param("app"), time.currentTimeMillis())
                .forEach((user, until) -> out.add(new Ban(user, Instant.ofEpochMilli(until).toString(), false)));
        return new BanList(out);
    }

    private Object ban(Router.Call call) {
        String userId = userId(call.param("user"));
        BanRequest req = call.body(BanRequest.class);
        if (req.durationSeconds() < 1 || req.durationSeconds() > MAX_BAN_SECONDS) {
            throw AdminError.badRequest("INVALID_ARGUMENT", "'duration_seconds' must be 1.." + MAX_BAN_SECONDS);
        }
        long until = time.currentTimeMillis() + req.durationSeconds() * 1000;
        String app = call.param("app");
        return crossNode.ban(app, userId, until).thenApply(kicked -> {
            log.info("admin ban app={} user={} until={} kicked={}", LogSafe.of(app), LogSafe.of(userId),
                    Instant.ofEpochMilli(until), kicked);
            return new Ban(userId, Instant.ofEpochMilli(until).toString(), kicked);
        });
    }

    private Object unban(Router.Call call) {
        String userId = userId(call.param("user"));
        String app = call.param("app");
        return crossNode.unban(app, userId, time.currentTimeMillis()).thenApply(unbanned -> {
            if (!unbanned) {
                throw AdminError.notFound("NOT_BANNED", "user is not banned");
            }
            log.info("admin unban app={} user={}", LogSafe.of(app), LogSafe.of(userId));
            return Map.of("user_id", userId, "unbanned", true);
        });
    }

    private Session online(Router.Call call) {
        String userId = userId(call.param("user"));
        Session s = sessions.registry().get(call.param("app"), userId);
        if (s == null) {
            throw AdminError.notFound("USER_NOT_FOUND", "user is not online");
        }
        return s;
    }

    static String userId(String id) {
        if (!Identifiers.isValidUserId(id)) {
            throw new AdminError(400, "INVALID_USERID", "user id breaks the RTM id rules");
        }
        return id;
    }
}
