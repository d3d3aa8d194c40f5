package io.parley.server.console;

import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.server.cluster.ChannelKey;
import io.parley.server.channels.ChannelService;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.OperatorFeed;
import io.parley.server.session.SessionListener;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The console's live event feed: the last {@value #CAPACITY} logins, logouts (with the reason:
 * logout, timeout, kicked, banned, login elsewhere…), joins, leaves, rate-limit hits and
 * invitation outcomes of this node's sessions, and — while someone watches the live stream — the
 * messages they send, numbered so a reader asks for what came after the last one it saw, or
 * subscribes ({@value #MAX_SUBSCRIBERS} at most). Message texts only when the operator turned
 * them on ({@code console.message-bodies}).
 */
public final class ActivityLog implements SessionListener, ChannelService.MembershipListener, OperatorFeed {
    static final int CAPACITY = 1000;

    /** One event; {@code channel} and {@code detail} may be null. */
    public record Activity(long seq, String type, String app, String user, String channel, long ms, String detail) {
    }

    static final int MAX_SUBSCRIBERS = 32;

    private record Subscriber(List<String> apps, Consumer<Activity> sink) {
    }

    private final Activity[] ring = new Activity[CAPACITY];
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final LongSupplier clockMillis;
    private long next = 1;

    private final boolean messageBodies;

    /** @param messageBodies show message texts in the feed (the operator's choice; off by default) */
    public ActivityLog(LongSupplier clockMillis, boolean messageBodies) {
        this.clockMillis = clockMillis;
        this.messageBodies = messageBodies;
    }

    public ActivityLog(LongSupplier clockMillis) {
        this(clockMillis, false);
    }

    private synchronized void add(String type, String app, String user, String channel, String detail) {
        Activity a = new Activity(next, type, app, user, channel, clockMillis.getAsLong(), detail);
        ring[(int) (next % CAPACITY)] = a;
        next++;
        // under the lock, so every subscriber sees events in order (sinks only queue, never block)
        for (Subscriber s : subscribers) {
            if (s.apps() == null || s.apps().contains(app)) {
                s.sink().accept(a);
            }
        }
    }

    /**
     * Sends {@code sink} the events after {@code after}, then every new one, of the apps
     * {@code apps} (null: all), until the returned handle is closed; null when
     * {@value #MAX_SUBSCRIBERS} readers are subscribed already.
     */
    public synchronized AutoCloseable subscribe(long after, List<String> apps, Consumer<Activity> sink) {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            return null;
        }
        after(after, apps).forEach(sink);
        Subscriber s = new Subscriber(apps, sink);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    @Override
    public boolean watchingMessages() {
        return !subscribers.isEmpty();
    }

    /** Messages are recorded only while a reader is subscribed; their text only when the operator turned that on. */
    @Override
    public void message(String appId, String from, String to, boolean channel, MessageBody body) {
        String shown = messageBodies && body.getType() == MessageType.MESSAGE_TYPE_TEXT ? body.getText() : null;
        add(channel ? "channel_message" : "peer_message", appId, from, channel ? to : null,
                channel ? shown : shown == null ? "to " + to : "to " + to + ": " + shown);
    }

    @Override
    public void rateLimited(String appId, String userId, String operation) {
        add("rate_limited", appId, userId, null, operation);
    }

    @Override
    public void invitation(String appId, String callerId, String calleeId, String outcome) {
        add("invitation", appId, callerId, null, outcome + " (to " + calleeId + ")");
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
