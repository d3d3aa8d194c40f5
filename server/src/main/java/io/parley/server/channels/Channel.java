package io.parley.server.channels;

import io.parley.server.cluster.ChannelKey;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local members of one channel. Join and leave are O(1) (array plus index, swap-remove), a
 * sample of k members is O(k), and a broadcast writes one pre-encoded frame to each member — so
 * a 100,000-member channel costs nothing extra per join. Thread-safe (its own monitor).
 */
final class Channel {
    private final ChannelKey key;
    private final ArrayList<Session> members = new ArrayList<>();
    private final Map<Session, Integer> index = new HashMap<>();
    private static final Session[] NONE = new Session[0];
    /** The members as of the last change, for broadcasts that write outside the lock; rebuilt lazily. */
    private Session[] snapshot = NONE;
    private boolean snapshotStale;
    // member-count throttling (see ChannelService.sweep)
    private int countPushed = -1;
    private long lastCountPushNanos = Long.MIN_VALUE / 2;
    private final io.parley.server.time.QueuedCheck countCheck = new io.parley.server.time.QueuedCheck();
    /** Members in the whole cluster as last counted (the local size on a single node); -1 until the first count. */
    private volatile int clusterSize = -1;

    Channel(ChannelKey key) {
        this.key = key;
    }

    ChannelKey key() {
        return key;
    }

    synchronized boolean add(Session s) {
        if (index.containsKey(s)) {
            return false;
        }
        index.put(s, members.size());
        members.add(s);
        snapshotStale = true;
        return true;
    }

    synchronized boolean remove(Session s) {
        Integer i = index.remove(s);
        if (i == null) {
            return false;
        }
        Session last = members.remove(members.size() - 1);
        if (last != s) {
            members.set(i, last);
            index.put(last, i);
        }
        snapshotStale = true;
        return true;
    }

    synchronized int size() {
        return members.size();
    }

    synchronized List<Session> membersSnapshot() {
        return new ArrayList<>(members);
    }

    void clusterSize(int n) {
        clusterSize = n;
    }

    /** Members in the whole cluster as last counted, or on this node before the first count. */
    int totalSize() {
        int c = clusterSize;
        return c >= 0 ? c : size();
    }

    /** Sends {@code frame} to every local member except the one of user {@code exceptUserId}. */
    /** The members now: an array shared until the next join or leave (copied once per change, not per message). */
    private synchronized Session[] snapshot() {
        if (snapshotStale) {
            snapshot = members.toArray(NONE);
            snapshotStale = false;
        }
        return snapshot;
    }

    /**
     * Sends {@code frame} to every member but {@code exceptUserId}'s sessions. Writes happen outside
     * the channel's lock, so a fan-out to a large channel never holds up joins, leaves or other
     * senders of the channel.
     */
    void broadcastExceptUser(EncodedFrame frame, String exceptUserId) {
        for (Session m : snapshot()) {
            if (!m.userId().equals(exceptUserId)) {
                m.send(frame);
            }
        }
    }

    synchronized boolean contains(Session s) {
        return index.containsKey(s);
    }

    /** Sends {@code frame} to every member except {@code except} (may be null), outside the lock. */
    void broadcast(EncodedFrame frame, Session except) {
        for (Session m : snapshot()) {
            if (m != except) {
                m.send(frame);
            }
        }
    }

    /**
     * The caller (if not null) plus other members chosen uniformly at random without replacement,
     * {@code k} in all (a partial Fisher–Yates shuffle over indexes: O(k), no copy of the member list).
     */
    synchronized List<String> sample(Session caller, int k) {
        int n = members.size();
        List<String> out = new ArrayList<>(Math.min(n, k));
        if (caller != null) {
            out.add(caller.userId());
        }
        if (n <= k) {
            for (Session m : members) {
                if (m != caller) {
                    out.add(m.userId());
                }
            }
            return out;
        }
        Map<Integer, Integer> swapped = new HashMap<>();
        int callerIndex = caller == null ? Integer.MAX_VALUE : index.get(caller);
        // draw from the others: positions 0..others-1 map to member indexes skipping the caller
        int others = caller == null ? n : n - 1;
        int draws = caller == null ? k : k - 1;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < draws; i++) {
            int j = i + rnd.nextInt(others - i);
            int pick = swapped.getOrDefault(j, j);
            swapped.put(j, swapped.getOrDefault(i, i));
            int memberIndex = pick >= callerIndex ? pick + 1 : pick;
            out.add(members.get(memberIndex).userId());
        }
        return out;
    }

    /** The service's queued look at this channel's member count (see ChannelService.sweep). */
    io.parley.server.time.QueuedCheck countCheck() {
        return countCheck;
    }

    /** True if the member count differs from the one last pushed. */
    synchronized boolean countChanged() {
        return totalSize() != countPushed;
    }

    /** When a count push may next go out: {@code nowNanos}, or the end of the interval since the last one. */
    synchronized long countPushAllowedAt(long nowNanos, long intervalNanos) {
        long at = lastCountPushNanos + intervalNanos;
        return at - nowNanos > 0 ? at : nowNanos;
    }

    /** Returns the count to push if one is due ({@code interval} since the last push and changed), else -1. */
    synchronized int countDue(long nowNanos, long intervalNanos) {
        int n = totalSize();
        if (n == countPushed || nowNanos - lastCountPushNanos < intervalNanos) {
            return -1;
        }
        countPushed = n;
        lastCountPushNanos = nowNanos;
        return n;
    }
}
