package io.parley.rtm;

/** Presence states reported by {@link RtmClientListener#onPeersOnlineStatusChanged}. */
public class PeerOnlineState {
    public static final int ONLINE = 0;
    public static final int UNREACHABLE = 1;
    public static final int OFFLINE = 2;
}
