package io.parley.server.ratelimit;

import java.time.Duration;

/**
 * Operations with an RTM call-frequency budget per client (agora-rtm-api.md §3.1, Linux Java
 * values). Grouped calls share one budget, as in RTM.
 */
public enum Operation {
    /** sendMessageToPeer + channel sendMessage: 1,500 per 3 s. */
    MESSAGE(1500, Duration.ofSeconds(3)),
    /** queryPeersOnlineStatus: 100 per 5 s. */
    PRESENCE_QUERY(100, Duration.ofSeconds(5)),
    /** subscribe + unsubscribe: 10 per 5 s. */
    PRESENCE_SUBSCRIBE(10, Duration.ofSeconds(5)),
    /** queryPeersBySubscriptionOption: 10 per 5 s. */
    PRESENCE_OPTION_QUERY(10, Duration.ofSeconds(5)),
    /** set/addOrUpdate/delete/clear local user attributes: 100 per 5 s. */
    USER_ATTRIBUTE_WRITE(100, Duration.ofSeconds(5)),
    /** getUserAttributes + getUserAttributesByKeys: 400 per 5 s. */
    USER_ATTRIBUTE_READ(400, Duration.ofSeconds(5)),
    /** join, any channel: 50 per 3 s. */
    JOIN(50, Duration.ofSeconds(3)),
    /** join of one and the same channel: 2 per 5 s (counted per channel). */
    JOIN_SAME_CHANNEL(2, Duration.ofSeconds(5)),
    /** getMembers: 5 per 2 s. */
    GET_MEMBERS(5, Duration.ofSeconds(2)),
    /** getChannelMemberCount: 1 per second. */
    MEMBER_COUNT(1, Duration.ofSeconds(1)),
    /** set/addOrUpdate/delete/clear channel attributes: 100 per 5 s. */
    CHANNEL_ATTRIBUTE_WRITE(100, Duration.ofSeconds(5)),
    /** getChannelAttributes + getChannelAttributesByKeys: 400 per 5 s. */
    CHANNEL_ATTRIBUTE_READ(400, Duration.ofSeconds(5)),
    /** sendLocalInvitation: 20 per 5 s (RTM documents no limit; Parley's budget). */
    INVITATION(20, Duration.ofSeconds(5)),
    /** peer messages a sender has stored for offline recipients: 300 per minute (Parley's budget). */
    OFFLINE_MESSAGE(300, Duration.ofSeconds(60));

    private final int defaultPermits;
    private final Duration window;

    Operation(int defaultPermits, Duration window) {
        this.defaultPermits = defaultPermits;
        this.window = window;
    }

    public int defaultPermits() {
        return defaultPermits;
    }

    public Duration window() {
        return window;
    }

    /** The YAML key under {@code limits:}, e.g. {@code presence-query} (permits per window). */
    public String configKey() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
