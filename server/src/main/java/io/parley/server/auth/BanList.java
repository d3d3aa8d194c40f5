package io.parley.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users an operator banned until a point in time (admin API): their logins are refused with
 * REJECTED until then. Expired bans are forgotten when next looked at.
 */
public final class BanList {
    private record Key(String appId, String userId) {
    }

    private final Map<Key, Long> untilMillis = new ConcurrentHashMap<>();

    public void ban(String appId, String userId, long untilEpochMillis) {
        untilMillis.put(new Key(appId, userId), untilEpochMillis);
    }

    /** True if there was a ban in force. */
    public boolean unban(String appId, String userId, long nowMillis) {
        Long until = untilMillis.remove(new Key(appId, userId));
        return until != null && until > nowMillis;
    }

    /** The end of the ban in force, or 0 if the user is not banned. */
    public long bannedUntil(String appId, String userId, long nowMillis) {
        Key key = new Key(appId, userId);
        Long until = untilMillis.get(key);
        if (until == null) {
            return 0;
        }
        if (until <= nowMillis) {
            untilMillis.remove(key, until);
            return 0;
        }
        return until;
    }

    /** Makes the caller's value of one ban. */
    @FunctionalInterface
    public interface Entry<T> {
        T of(String appId, String userId, long untilMillis);
    }

    /** Every ban in force, of every app. */
    public <T> List<T> allInForce(long nowMillis, Entry<T> entry) {
        List<T> out = new ArrayList<>();
        untilMillis.forEach((k, until) -> {
            if (until > nowMillis) {
                out.add(entry.of(k.appId(), k.userId(), until));
            }
        });
        return out;
    }

    /** Bans in force for an app: user id → end (epoch millis). */
    public Map<String, Long> inForce(String appId, long nowMillis) {
        Map<String, Long> out = new LinkedHashMap<>();
        untilMillis.forEach((k, until) -> {
            if (k.appId().equals(appId) && until > nowMillis) {
                out.put(k.userId(), until);
            }
        });
        return out;
    }
}
