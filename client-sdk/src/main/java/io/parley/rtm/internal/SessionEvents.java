package io.parley.rtm.internal;

import io.parley.rtm.internal.wire.ServerFrame;

/**
 * Hooks for features built on the connection (messages, channels, presence). Called on an I/O
 * thread or under the manager's lock: implementations must be quick, must not block and must
 * hand anything user-facing to the callback executor.
 */
interface SessionEvents {
    /** A push frame (request id 0) other than the session-level ones the manager handles itself. */
    default void onPush(ServerFrame push) {
    }

    /** Logged in after a reconnect: {@code resumed} false means a fresh server session (restore state). */
    default void onReconnected(boolean resumed) {
    }

    /** The session ended for good (logout, abort). */
    default void onSessionClosed() {
    }
}
