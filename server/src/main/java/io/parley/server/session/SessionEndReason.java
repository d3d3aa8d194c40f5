package io.parley.server.session;

/** Why a session ended; features (channels, presence) react to every reason the same way. */
public enum SessionEndReason {
    LOGOUT,
    REMOTE_LOGIN,
    TIMEOUT,
    KICKED,
    TOKEN_EXPIRED,
    SERVER_SHUTDOWN
}
