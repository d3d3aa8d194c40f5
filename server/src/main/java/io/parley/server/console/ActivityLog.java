package io.parley.server.console;

import io.parley.server.channels.ChannelKey;
import io.parley.server.channels.ChannelService;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The console's live event feed: the last {@value #CAPACITY} logins, logouts (with the reason:
 * logout, timeout, kicked, banned, login elsewhere…), joins and leaves of this node's sessions,
 * numbered so a reader asks for what came after the last one it saw. Never a message body.
 */
public final class ActivityLog implements SessionListener, ChannelService.MembershipListener {
    static final int CAPACITY = 1000;

    /** One event; {@code channel} and {@code detail} may be null. */
    public record Activity(long seq, String type, String app, String user, String channel, long ms, String detail) {
    }

    private final Activity[] ring = new Activity[CAPACITY];
    private final LongSupplier clockMillis;
    private long next = 1;

    public ActivityLog(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    private synchronized void add(String type, String app, String user, String channel, String detail) {
        ring[(int) (next % CAPACITY)] = new Activity(next, type, app, user, channel, clockMillis.getAsLong(), detail);
        next++;
    }

    /** Events with {@code seq > after}, oldest first, of the apps {@code apps} (null: all). */
    public synchronized List<Activity> after(long after, List<String> apps) {
        List<Activity> out = new ArrayList<>();
        for (long s = Math.max(after + 1, next - CAPACITY); s < next; s++) {
            Activity a = ring[(int) (s % CAPACITY)];
            if (a != null && a.seq() == s && (apps == null || apps.contains(a.app()))) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public void sessionStarted(Session s) {
        add("login", s.appId(), s.userId(), null, null);
    }

    @Override
    public void sessionEnded(Session s, SessionEndReason reason) {
        add("logout", s.appId(), s.userId(), null, reason.name());
    }

    @Override
    public void memberJoined(ChannelKey key, String userId) {
        add("join", key.appId(), userId, key.channelId(), null);
    }

    @Override
    public void memberLeft(ChannelKey key, String userId) {
        add("leave", key.appId(), userId, key.channelId(), null);
    }
}
