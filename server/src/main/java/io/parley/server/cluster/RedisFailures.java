package io.parley.server.cluster;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.util.List;

/**
 * Tells Redis being unavailable (not connected, a command timed out, a master down, loading or
 * failing over) from a bug, so that an API answers the first with 503 and a clear message instead
 * of an internal error: the operator or app can try again once Redis is back. An error reply that
 * means a wrong command (a wrong type, a script error, keys in two slots) stays an internal error.
 */
public final class RedisFailures {
    /** Error replies of a Redis that cannot serve for now. */
    private static final List<String> UNAVAILABLE_REPLIES =
            List.of("LOADING", "BUSY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY");

    private RedisFailures() {
    }

    /** What Redis said, if {@code e} or one of its causes is Redis being unavailable; null otherwise. */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisCommandExecutionException) {
                return unavailableReply(t.getMessage()) ? t.getMessage() : null;
            }
            if (t instanceof RedisException) {
                return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            }
        }
        return null;
    }

    private static boolean unavailableReply(String message) {
        if (message == null) {
            return false;
        }
        for (String prefix : UNAVAILABLE_REPLIES) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
