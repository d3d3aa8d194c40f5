package io.parley.server.session;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions of this node, indexed by {@code (appId, userId)}. At most one session per key.
 * Thread-safe; replacing and removing use compare-and-set on the exact session object so a stale
 * remover never removes its successor.
 */
public final class SessionRegistry {
    private final ConcurrentMap<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> perApp = new ConcurrentHashMap<>();

    public Session get(String appId, String userId) {
        return sessions.get(new SessionKey(appId, userId));
    }

    /** Puts {@code session}, returning the session it replaced (or null). */
    Session put(Session session) {
        Session old = sessions.put(session.key(), session);
        if (old == null) {
            perApp.computeIfAbsent(session.appId(), k -> new AtomicInteger()).incrementAndGet();
        }
        return old;
    }

    /** Removes {@code session} only if it is still the registered one. */
    boolean remove(Session session) {
        boolean removed = sessions.remove(session.key(), session);
        if (removed) {
            perApp.computeIfPresent(session.appId(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        return removed;
    }

    public int size() {
        return sessions.size();
    }

    public int countForApp(String appId) {
        AtomicInteger n = perApp.get(appId);
        return n == null ? 0 : n.get();
    }

    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }
}
