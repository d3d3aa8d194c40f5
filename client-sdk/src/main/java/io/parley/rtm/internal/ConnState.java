package io.parley.rtm.internal;

import io.parley.rtm.RtmStatusCode.ConnectionState;

/** The RTM connection states (§4.1), with their public int values. */
enum ConnState {
    DISCONNECTED(ConnectionState.CONNECTION_STATE_DISCONNECTED),
    CONNECTING(ConnectionState.CONNECTION_STATE_CONNECTING),
    CONNECTED(ConnectionState.CONNECTION_STATE_CONNECTED),
    RECONNECTING(ConnectionState.CONNECTION_STATE_RECONNECTING),
    ABORTED(ConnectionState.CONNECTION_STATE_ABORTED);

    private final int value;

    ConnState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
