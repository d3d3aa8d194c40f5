package io.parley.server.attributes;

import io.parley.protocol.AttributeRules;
import io.parley.protocol.v1.Attribute;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.UserAttributes;
import io.parley.server.cluster.ClusterUserAttributes;
import io.parley.server.cluster.SingleNodeUserAttributes;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionListener;
import io.parley.server.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local user attributes (RTM §1.2): they belong to the session — kept across a resume, gone at
 * logout or session end. Writes are all-or-nothing: a request that would break a limit changes
 * nothing. Reading attributes of a user who is not online → USER_NOT_FOUND.
 */
public final class UserAttributeService implements SessionListener {
    /** How a write changes the current attributes. */
    public enum Write {
        SET,
        ADD_OR_UPDATE,
        DELETE,
        CLEAR
    }

    private final SessionRegistry registry;
    private final SessionRateLimits limits;
    /** session id → attributes in insertion order. */
    private final Map<String, Map<String, String>> bySession = new ConcurrentHashMap<>();

    private final ClusterUserAttributes cluster;

    /** A single node's: no user is elsewhere. */
    public UserAttributeService(SessionRegistry registry, SessionRateLimits limits) {
        this(registry, limits, new SingleNodeUserAttributes());
    }

    /** {@code cluster}: the attributes of users on other nodes. */
    public UserAttributeService(SessionRegistry registry, SessionRateLimits limits, ClusterUserAttributes cluster) {
        this.registry = registry;
        this.limits = limits;
        this.cluster = cluster;
    }

    public void write(Session s, int rid, Write op, List<Attribute> attributes, List<String> keys) {
        if (!limits.tryAcquire(s, Operation.USER_ATTRIBUTE_WRITE)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "attribute writes over budget"));
            return;
        }
        if ((op == Write.ADD_OR_UPDATE && attributes.isEmpty()) || (op == Write.DELETE && keys.isEmpty())) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "no attributes given"));
            return;
        }
        for (Attribute a : attributes) {
            if (!AttributeRules.validKey(a.getKey()) || !AttributeRules.validValueShape(a.getValue())) {
                s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid attribute key or empty value"));
                return;
            }
        }
        for (String k : keys) {
            if (!AttributeRules.validKey(k)) {
                s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid attribute key"));
                return;
            }
        }
        Map<String, String> current = bySession.computeIfAbsent(s.id(), k -> new LinkedHashMap<>());
        synchronized (current) {
            Map<String, String> next = new LinkedHashMap<>(op == Write.ADD_OR_UPDATE || op == Write.DELETE
                    ? current : Map.of());
            if (op == Write.DELETE) {
                keys.forEach(next::remove);
            } else {
                attributes.forEach(a -> next.put(a.getKey(), a.getValue()));
            }
            if (!AttributeRules.withinLimits(next, AttributeRules.MAX_USER_TOTAL_BYTES)) {
                s.send(Replies.error(rid, ErrorCode.SIZE_OVERFLOW, "over 32 attributes, 8 KB per value or 16 KB in all"));
                return;
            }
            current.clear();
            current.putAll(next);
        }
        if (s.isEnded()) {
            sessionEnded(s, SessionEndReason.LOGOUT); // raced the end's cleanup: leave nothing behind
            return;
        }
        cluster.saved(s.appId(), s.userId(), s.id(), attributesOf(s));
        s.send(Replies.ok(rid).build());
    }

    /** @param byKeys true for getUserAttributesByKeys (which needs at least one key) */
    public void read(Session s, int rid, String userId, List<String> keys, boolean byKeys) {
        if (!limits.tryAcquire(s, Operation.USER_ATTRIBUTE_READ)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "attribute reads over budget"));
            return;
        }
        if (!io.parley.protocol.Identifiers.isValidUserId(userId) || (byKeys && keys.isEmpty())
                || !keys.stream().allMatch(AttributeRules::validKey)) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid user id or key"));
            return;
        }
        attributesOf(s.appId(), userId).whenComplete((attrs, err) -> {
            if (err != null) {
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster attribute store unavailable"));
            } else if (attrs == null) {
                s.send(Replies.error(rid, ErrorCode.USER_NOT_FOUND, "user is not online"));
            } else {
                UserAttributes.Builder out = UserAttributes.newBuilder().setUserId(userId);
                attrs.forEach((k, v) -> {
                    if (!byKeys || keys.contains(k)) {
                        out.addAttributes(Attribute.newBuilder().setKey(k).setValue(v));
                    }
                });
                s.send(Replies.ok(rid).setUserAttributes(out).build());
            }
        });
    }

    /** The attributes of a user logged in on this node or (cluster mode) elsewhere; null if offline. */
    public CompletableFuture<Map<String, String>> attributesOf(String appId, String userId) {
        Session target = registry.get(appId, userId);
        if (target != null) {
            return CompletableFuture.completedFuture(attributesOf(target));
        }
        return cluster.read(appId, userId);
    }

    /** The attributes of a logged-in user's session, in insertion order (admin API). */
    public Map<String, String> attributesOf(Session target) {
        Map<String, String> attrs = bySession.getOrDefault(target.id(), Map.of());
        synchronized (attrs) {
            return new LinkedHashMap<>(attrs);
        }
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        if (bySession.remove(session.id()) != null) {
            cluster.cleared(session.appId(), session.userId(), session.id());
        }
    }

    /** Sessions holding attributes (live state, for tests and diagnostics). */
    public int sessionsWithAttributes() {
        return bySession.size();
    }
}
