package io.parley.rtm.internal;

/** What can happen to a client's connection; {@link ConnectionStateMachine} maps each to a transition. */
enum ConnEvent {
    LOGIN,
    LOGIN_OK,
    LOGIN_FAILED,
    LOGIN_TIMED_OUT,
    CONNECTION_LOST,
    REMOTE_LOGIN,
    BANNED,
    TOKEN_EXPIRED,
    LOGOUT
}
