package io.parley.rtm.internal;

import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records connection state changes as "STATE/REASON" pairs of ints. */
final class RecordingClientListener implements RtmClientListener {
    final List<int[]> changes = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    int tokenExpired;

    @Override
    public synchronized void onConnectionStateChanged(int state, int reason) {
        changes.add(new int[] {state, reason});
    }

    @Override
    public synchronized void onMessageReceived(RtmMessage message, String peerId) {
        messages.add(peerId + ":" + message.getText());
    }

    @Override
    public synchronized void onTokenExpired() {
        tokenExpired++;
    }

    @Override
    public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
    }

    synchronized int[] last() {
        return changes.get(changes.size() - 1);
    }
}
