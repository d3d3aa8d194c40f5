package io.parley.server.cluster;

import io.parley.protocol.cluster.PeerAcks;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The OK outcomes of peer messages other nodes handed to this one, gathered per origin node while
 * the current event-loop task runs and sent as one {@link PeerAcks}: the first ack for a node
 * schedules one flush on {@code later}, which sends whatever was gathered by then (at most
 * {@link #MAX_IDS} ids a message). A busy node answers each origin node once per loop iteration
 * instead of once per message.
 */
final class PeerAckGatherer {
    /** Ids in one {@link PeerAcks}; {@link NodeMessageRules} refuses more. */
    static final int MAX_IDS = 4096;
    private static final int FIRST_CAPACITY = 64;

    private static final class Gathered {
        long[] ids = new long[FIRST_CAPACITY];
        int count;
        boolean flushScheduled;
    }

    private final Map<String, Gathered> byNode = new ConcurrentHashMap<>();
    private final Executor later;
    private final BiConsumer<String, PeerAcks.Builder> send;

    /**
     * @param later runs a flush after the current event-loop task (or at once off the loops)
     * @param send  sends one message of acks to an origin node
     */
    PeerAckGatherer(Executor later, BiConsumer<String, PeerAcks.Builder> send) {
        this.later = later;
        this.send = send;
    }

    /** The recipient acknowledged message {@code originId} that {@code originNode} handed over. */
    void add(String originNode, long originId) {
        Gathered g = byNode.computeIfAbsent(originNode, k -> new Gathered());
        boolean schedule;
        synchronized (g) {
            if (g.count == g.ids.length) {
                g.ids = Arrays.copyOf(g.ids, g.count * 2);
            }
            g.ids[g.count++] = originId;
            schedule = !g.flushScheduled;
            g.flushScheduled = true;
        }
        if (schedule) {
            later.execute(() -> flush(originNode, g));
        }
    }

    /** The node stopped heartbeating: nothing more is gathered for it (what is gathered still goes). */
    void forget(String nodeId) {
        byNode.remove(nodeId);
    }

    private void flush(String node, Gathered g) {
        long[] ids;
        int n;
        synchronized (g) {
            ids = g.ids;
            n = g.count;
            g.ids = new long[Math.min(Math.max(FIRST_CAPACITY, n), MAX_IDS)];
            g.count = 0;
            g.flushScheduled = false; // an ack from here on schedules the next flush
        }
        for (int from = 0; from < n; from += MAX_IDS) {
            int to = Math.min(n, from + MAX_IDS);
            PeerAcks.Builder acks = PeerAcks.newBuilder();
            for (int i = from; i < to; i++) {
                acks.addOriginIds(ids[i]);
            }
            send.accept(node, acks);
        }
    }
}
