package io.parley.it.support;

import io.parley.rtm.RtmClientListener;

/** Base for recording listeners: ignores token callbacks and state changes unless overridden. */
public abstract class StateRecorderBase implements RtmClientListener {
    @Override
    public void onConnectionStateChanged(int state, int reason) {
    }

    @Override
    public void onTokenExpired() {
    }
}
