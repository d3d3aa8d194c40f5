package io.parley.rtm;

/** Per-message options. Parley honours offline messaging (Agora sunset it in 1.5). */
public class SendMessageOptions {
    /** Store the message if the peer is offline and deliver it at its next login (CACHED_BY_SERVER). */
    public boolean enableOfflineMessaging = false;
    /** Accepted for compatibility; Parley keeps no message history. */
    public boolean enableHistoricalMessaging = false;

    @Override
    public String toString() {
        return "SendMessageOptions{enableOfflineMessaging=" + enableOfflineMessaging + ", enableHistoricalMessaging="
                + enableHistoricalMessaging + "}";
    }
}
