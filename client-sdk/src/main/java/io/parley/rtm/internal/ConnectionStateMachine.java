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
public final class ConnectionStateMachine {
    /** A transition's target state and the public ConnectionChangeReason value. */
    public record Transition(ConnState to, int reason) {
    }

    private ConnectionStateMachine() {
    }

    public static Transition next(ConnState from, ConnEvent event) {
        return switch (event) {
            case LOGIN -> from == ConnState.DISCONNECTED
                    ? new Transition(ConnState.CONNECTING, CONNECTION_CHANGE_REASON_LOGIN) : null;
            case LOGIN_OK -> from == ConnState.CONNECTING || from == ConnState.RECONNECTING
                    ? new Transition(ConnState.CONNECTED, CONNECTION_CHANGE_REASON_LOGIN_SUCCESS) : null;
            case LOGIN_FAILED -> from == ConnState.CONNECTING
                    ? new Transition(ConnState.DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_FAILURE) : null;
            case LOGIN_TIMED_OUT -> from == ConnState.CONNECTING
                    ? new Transition(ConnState.DISCONNECTED, CONNECTION_CHANGE_REASON_LOGIN_TIMEOUT) : null;
            case CONNECTION_LOST -> from == ConnState.CONNECTED
                    ? new Transition(ConnState.RECONNECTING, CONNECTION_CHANGE_REASON_INTERRUPTED) : null;
            case REMOTE_LOGIN -> from == ConnState.CONNECTED || from == ConnState.RECONNECTING
                    ? new Transition(ConnState.ABORTED, CONNECTION_CHANGE_REASON_REMOTE_LOGIN) : null;
            case BANNED -> from == ConnState.CONNECTED || from == ConnState.RECONNECTING
                    ? new Transition(ConnState.ABORTED, CONNECTION_CHANGE_REASON_BANNED_BY_SERVER) : null;
            case TOKEN_EXPIRED -> from == ConnState.CONNECTED
                    ? new Transition(ConnState.ABORTED, CONNECTION_CHANGE_REASON_TOKEN_EXPIRED) : null;
            case LOGOUT -> from != ConnState.DISCONNECTED
                    ? new Transition(ConnState.DISCONNECTED, CONNECTION_CHANGE_REASON_LOGOUT) : null;
        };
    }
}
