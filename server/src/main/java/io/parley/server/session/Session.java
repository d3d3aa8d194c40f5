package io.parley.server.session;

import com.google.protobuf.ByteString;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.time.QueuedCheck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logged-in user: identity {@code (appId, userId)}, a server-chosen id used to resume, and the
 * connection it is currently attached to (none while the client reconnects). The session outlives
 * dropped connections until {@link SessionLiveness} ends it after the session timeout.
 *
 * <p>Thread-safety: mutable state is guarded by the session's monitor; listeners are called by
 * the services after state changes, outside that lock.
 */
public final class Session {
    private final String id;
    private final String appId;
    private final String userId;
    private final ByteString userIdBytes;
    private Connection connection;
    private long lastSeenNanos;
    private long tokenExpiresAtMillis;
    private boolean unreachable;
    private boolean ended;
    private final LinkedHashMap<Long, Unacked> unacked = new LinkedHashMap<>();
    private final ArrayDeque<Object> held = new ArrayDeque<>(); // ServerFrame or EncodedFrame
    private long droppedHeldFrames;
    private boolean resuming;
    private final QueuedCheck tokenCheck = new QueuedCheck();
    private final QueuedCheck ackCheck = new QueuedCheck();

    /** Frames (replies, pushes) kept for a detached session; beyond this they are dropped and counted. */
    public static final int MAX_HELD_FRAMES = 10_000;

    Session(String id, String appId, String userId, Connection connection, long nowNanos, long tokenExpiresAtMillis) {
        this.id = id;
        this.appId = appId;
        this.userId = userId;
        this.userIdBytes = ByteString.copyFromUtf8(userId);
        this.connection = connection;
        this.lastSeenNanos = nowNanos;
        this.tokenExpiresAtMillis = tokenExpiresAtMillis;
    }

    public String id() {
        return id;
    }

    public String appId() {
        return appId;
    }

    public String userId() {
        return userId;
    }

    /** The user id as UTF-8, encoded once for the frames that carry it. */
    public ByteString userIdBytes() {
        return userIdBytes;
    }

    public SessionKey key() {
        return new SessionKey(appId, userId);
    }

    /**
     * Sends a reply or push. While detached (the client is reconnecting) the frame is held and
     * written, in order, when the session resumes; held frames beyond {@link #MAX_HELD_FRAMES} are
     * dropped (counted). Frames for an ended session are dropped.
     */
    public void send(ServerFrame frame) {
        sendObject(frame);
    }

    /** Like {@link #send(ServerFrame)} for a frame serialised once for many sessions. */
    public void send(EncodedFrame frame) {
        sendObject(frame);
    }

    private void sendObject(Object frame) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (connection == null || resuming) {
                if (held.size() < MAX_HELD_FRAMES) {
                    held.addLast(frame);
                } else {
                    droppedHeldFrames++;
                }
                return;
            }
            // written under the lock so frames keep their order against a concurrent resume
            write(connection, frame);
        }
    }

    private static void write(Connection c, Object frame) {
        if (frame instanceof EncodedFrame e) {
            c.send(e);
        } else {
            c.send((ServerFrame) frame);
        }
    }

    /**
     * A peer-message push awaiting the recipient's ack, with the sender-side state that ack settles
     * ({@code ticket}: opaque to the session, owned by the messaging service).
     */
    public record Unacked(EncodedFrame push, Object ticket) {
    }

    /**
     * Queues a peer-message push that stays in the outbox until {@link #ackPeerMessage} removes it;
     * unacked pushes are written again, in order, when the session resumes (the SDK drops
     * duplicates by message id). {@code ticket} comes back from the ack.
     */
    public synchronized PeerDelivery deliverPeerMessage(long messageId, EncodedFrame push, Object ticket, int maxUnacked) {
        if (ended) {
            return PeerDelivery.ENDED;
        }
        if (unacked.size() >= maxUnacked) {
            return PeerDelivery.BACKLOG_FULL;
        }
        unacked.put(messageId, new Unacked(push, ticket));
        if (connection != null && !resuming) {
            connection.send(push);
        }
        return PeerDelivery.QUEUED;
    }

    /** The ticket of {@code messageId} if it was this session's unacked message (only the recipient can ack), else null. */
    public synchronized Object ackPeerMessage(long messageId) {
        Unacked u = unacked.remove(messageId);
        return u == null ? null : u.ticket();
    }

    /** The tickets of the pushes still awaiting an ack, oldest first (a snapshot, for timeout sweeps). */
    public synchronized List<Object> unackedTickets() {
        if (unacked.isEmpty()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>(unacked.size());
        for (Unacked u : unacked.values()) {
            out.add(u.ticket());
        }
        return out;
    }

    /** Takes every unacked peer push out of the outbox, oldest first (used once the session ended). */
    public synchronized Map<Long, Unacked> drainUnacked() {
        Map<Long, Unacked> out = new LinkedHashMap<>(unacked);
        unacked.clear();
        held.clear();
        return out;
    }

    public synchronized int unackedCount() {
        return unacked.size();
    }

    /** Outcome of {@link #deliverPeerMessage}. */
    public enum PeerDelivery {
        QUEUED,
        BACKLOG_FULL,
        ENDED
    }

    public synchronized Connection connection() {
        return connection;
    }

    public synchronized boolean isAttached() {
        return connection != null;
    }

    public synchronized boolean isEnded() {
        return ended;
    }

    public synchronized boolean isUnreachable() {
        return unreachable;
    }

    public synchronized long tokenExpiresAtMillis() {
        return tokenExpiresAtMillis;
    }

    synchronized void tokenExpiresAtMillis(long v) {
        tokenExpiresAtMillis = v;
    }

    /** {@link SessionLiveness}'s queued check of the token's notice and expiry. */
    QueuedCheck tokenCheck() {
        return tokenCheck;
    }

    /** The messaging service's queued check for pushes not acknowledged in time. */
    public QueuedCheck ackCheck() {
        return ackCheck;
    }

    synchronized long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** Any packet from the client. Returns true if the session was UNREACHABLE until now. */
    synchronized boolean touch(long nowNanos) {
        lastSeenNanos = nowNanos;
        boolean was = unreachable;
        unreachable = false;
        return was;
    }

    synchronized boolean markUnreachable() {
        if (unreachable || ended) {
            return false;
        }
        unreachable = true;
        return true;
    }

    /**
     * Attaches a new connection (resume) and returns the previous one (to be closed by the caller).
     * Frames keep being held until {@link #flushOutbox()}.
     */
    synchronized Connection attach(Connection c, long nowNanos) {
        Connection old = connection;
        connection = c;
        lastSeenNanos = nowNanos;
        unreachable = false;
        resuming = true; // keep holding until the LoginReply is queued: see flushOutbox
        return old == c ? null : old;
    }

    /**
     * After a resume's LoginReply was queued: writes the unacked peer pushes, then the held frames,
     * in order, and goes back to writing directly.
     */
    public synchronized void flushOutbox() {
        if (connection == null || !resuming) {
            return;
        }
        for (Unacked u : unacked.values()) {
            connection.send(u.push());
        }
        while (!held.isEmpty()) {
            write(connection, held.pollFirst());
        }
        resuming = false;
    }

    /** Detaches {@code c} if it is still the current connection. */
    synchronized boolean detach(Connection c) {
        if (connection == c) {
            connection = null;
            resuming = false;
            return true;
        }
        return false;
    }

    /** Marks the session ended; false if it already was (so end-of-session work runs once). */
    synchronized boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    public synchronized long droppedHeldFrames() {
        return droppedHeldFrames;
    }

    /** Ends and closes the attached connection with {@code code}. */
    void closeConnection(DisconnectCode code, String message) {
        Connection c;
        synchronized (this) {
            c = connection;
            connection = null;
            resuming = false;
        }
        if (c != null) {
            c.close(code, message);
        }
    }

    @Override
    public String toString() {
        return "Session[" + appId + "/" + userId + " " + id + "]";
    }
}
