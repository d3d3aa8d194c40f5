package io.parley.rtm.internal;

import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_BANNED_BY_SERVER;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_INTERRUPTED;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_FAILURE;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_SUCCESS;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_LOGOUT;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_REMOTE_LOGIN;
import static io.parley.rtm.RtmStatusCode.ConnectionChangeReason.CONNECTION_CHANGE_REASON_TOKEN_EXPIRED;

/**
 * The one transition function of the RTM connection state machine (agora-rtm-api.md §4.1). Returns
 * the target state and reason, or null when the event does not apply in that state (the caller
 * then ignores it). Pure; the table has its own test.
 */
final class ConnectionStateMachine {
    /** A transition's target state and the public ConnectionChangeReason value. */
    public static final class Transition {
        private final ConnState to;
        private final int reason;

        Transition(ConnState to, int reason) {
            this.to = to;
            this.reason = reason;
        }

        public ConnState to() {
            return to;
        }

        public int reason() {
            return reason;
        }
    }

    private ConnectionStateMachine() {
    }

    public static Transition next(ConnState from, ConnEvent event) {
        switch (event) {
            case LOGIN:
                return from == ConnState.DISCONNECTED
                        ? new Transition(ConnState.CONNECTING, CONNECTION_CHANGE_REASON_LOGIN) : null;
            case LOGIN_OK:
                return from == ConnState.CONNECTING || from == ConnState.RECONNECTING
                        ? new Transition(ConnState.CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS) : null;
            case LOGIN_FAILED:
                return from == ConnState.CONNECTING
                        ? new Transition(ConnState.DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_FAILURE) : null;
            case LOGIN_TIMED_OUT:
                return from == ConnState.CONNECTING
                        ? new Transition(ConnState.DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT) : null;
            case CONNECTION_LOST:
                return from == ConnState.CONNECTED
                        ? new Transition(ConnState.RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED) : null;
            case REMOTE_LOGIN:
                return from == ConnState.CONNECTED || from == ConnState.RECONNECTING
                        ? new Transition(ConnState.ABORTED, CONNECTION_CHANGE_REASON_REMOTE_LOGIN) : null;
            case BANNED:
                return from == ConnState.CONNECTED || from == ConnState.RECONNECTING
                        ? new Transition(ConnState.ABORTED, CONNECTION_CHANGE_REASON_BANNED_BY_SERVER) : null;
            case TOKEN_EXPIRED:
                return from == ConnState.CONNECTED
                        ? new Transition(ConnState.ABORTED, CONNECTION_CHANGE_REASON_TOKEN_EXPIRED) : null;
            case LOGOUT:
                return from != ConnState.DISCONNECTED
                        ? new Transition(ConnState.DISCONNECTED, CONNECTION_CHANGE_REASON_LOGOUT) : null;
            default:
                throw new IllegalArgumentException("unknown event " + event);
        }
    }
}
