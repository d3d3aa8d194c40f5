package io.parley.server.store;

/**
 * A user or channel event for Agora's event feeds: {@code Login}/{@code Logout} of a user, or
 * {@code Join}/{@code Leave} of a user in a channel ({@code channelId} null for user events),
 * with the server's Unix ms.
 */
public record FeedEvent(Type type, String userId, String channelId, long ms) {
    /** The wire names are Agora's. */
    public enum Type {
        Login,
        Logout,
        Join,
        Leave;

        public boolean isChannelEvent() {
            return this == Join || this == Leave;
        }
    }

    /** Tab-separated (ids never contain a tab): type, ms, user, channel. */
    public String encode() {
        return type.name() + '\t' + ms + '\t' + userId + '\t' + (channelId == null ? "" : channelId);
    }

    /** The event, or null for a line this version cannot read. */
    public static FeedEvent decode(String line) {
        String[] p = line.split("\t", -1);
        if (p.length != 4) {
            return null;
        }
        try {
            Type t = Type.valueOf(p[0]);
            return new FeedEvent(t, p[2], t.isChannelEvent() ? p[3] : null, Long.parseLong(p[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
