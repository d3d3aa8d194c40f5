package io.parley.it.support;

import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import java.util.Map;

/** Peer messages to one recorder, connection states to another. */
public final class ForwardingListener implements RtmClientListener {
    private final RtmClientListener messages;
    private final RtmClientListener states;

    public ForwardingListener(RtmClientListener messages, RtmClientListener states) {
        this.messages = messages;
        this.states = states;
    }

    @Override
    public void onConnectionStateChanged(int state, int reason) {
        states.onConnectionStateChanged(state, reason);
    }

    @Override
    public void onMessageReceived(RtmMessage message, String peerId) {
        messages.onMessageReceived(message, peerId);
    }

    @Override
    public void onTokenExpired() {
        states.onTokenExpired();
    }

    @Override
    public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
        states.onPeersOnlineStatusChanged(peersStatus);
    }
}
