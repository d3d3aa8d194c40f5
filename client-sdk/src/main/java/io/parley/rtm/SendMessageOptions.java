package io.parley.rtm;

/** Per-message options. Parley honours both (Agora sunset them in 1.5). */
public class SendMessageOptions {
    /** Store the message if the peer is offline and deliver it at its next login (CACHED_BY_SERVER). */
    public boolean enableOfflineMessaging = false;
    /**
     * Keep a text message in the server's message history, which an app's backend queries through
     * the RTM REST API ({@code …/rtm/message/history/query}). Raw messages are not kept.
     */
    public boolean enableHistoricalMessaging = false;

    @Override
    public String toString() {
        return "SendMessageOptions{enableOfflineMessaging=" + enableOfflineMessaging + ", enableHistoricalMessaging="
                + enableHistoricalMessaging + "}";
    }
}
