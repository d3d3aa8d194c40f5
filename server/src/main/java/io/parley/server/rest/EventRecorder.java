package io.parley.server.rest;

import io.parley.server.cluster.ChannelKey;
import io.parley.server.channels.ChannelService;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionListener;
import io.parley.server.store.EventFeed;
import io.parley.server.store.FeedEvent;
import java.util.function.LongSupplier;

/**
 * Feeds the event APIs from this node's sessions: {@code Login} when a session starts (a fresh
 * login, not a resume), {@code Logout} when it ends for any reason (logout, timeout after a lost
 * connection, kick, ban, login elsewhere, shutdown); {@code Join} and {@code Leave} when one of its
 * members joins or leaves a channel (a session's end leaves its channels).
 */
public final class EventRecorder implements SessionListener, ChannelService.MembershipListener {
    private final EventFeed feed;
    private final LongSupplier clockMillis;

    public EventRecorder(EventFeed feed, LongSupplier clockMillis) {
        this.feed = feed;
        this.clockMillis = clockMillis;
    }

    @Override
    public void sessionStarted(Session session) {
        feed.append(session.appId(), new FeedEvent(FeedEvent.Type.Login, session.userId(), null, clockMillis.getAsLong()));
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        feed.append(session.appId(), new FeedEvent(FeedEvent.Type.Logout, session.userId(), null, clockMillis.getAsLong()));
    }

    @Override
    public void memberJoined(ChannelKey key, String userId) {
        feed.append(key.appId(), new FeedEvent(FeedEvent.Type.Join, userId, key.channelId(), clockMillis.getAsLong()));
    }

    @Override
    public void memberLeft(ChannelKey key, String userId) {
        feed.append(key.appId(), new FeedEvent(FeedEvent.Type.Leave, userId, key.channelId(), clockMillis.getAsLong()));
    }
}
