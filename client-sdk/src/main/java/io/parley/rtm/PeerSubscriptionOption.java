package io.parley.rtm;

/** Presence subscription types. */
public class PeerSubscriptionOption {
    public static final int ONLINE = 0;
}
