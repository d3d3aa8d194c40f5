package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Node-to-node messages and node liveness in cluster mode. Each node has its own topic; a node is
 * alive while its heartbeat is fresh (a node that dies drops out within {@code 3 × heartbeat}).
 */
public interface Backplane extends AutoCloseable {
    String nodeId();

    /** What a node does when the shared medium is back after an outage. */
    @FunctionalInterface
    interface Recovery {
        /**
         * The medium is back and this node receives again. {@code stateLost}: it came back without
         * what this node kept there (it restarted empty), so that must be written again; otherwise
         * it may still be gone (a master of a Redis Cluster restarted), or only messages sent
         * meanwhile were missed. Completes when what had to be done again is done: until then the
         * node does not report itself healthy.
         */
        CompletableFuture<Void> recovered(boolean stateLost);
    }

    /**
     * Starts heartbeating and receiving; {@code handler} runs on the backplane's thread.
     * {@code recovered} runs whenever the shared medium is back after an outage, once this node's
     * subscriptions are in place again.
     */
    void start(Consumer<NodeMessage> handler, Recovery recovered);

    /**
     * Sends to one node; completes true once that node's subscription took it, false if the node is
     * gone. A node that is alive but not subscribed for a moment (a Redis outage just ended) is waited for.
     */
    CompletableFuture<Boolean> send(String nodeId, NodeMessage message);

    /** Sends to every node (this one included). */
    void broadcast(NodeMessage message);

    /** Whether {@code nodeId} heartbeated recently (this node is always alive to itself). */
    boolean isAlive(String nodeId);

    /** Like {@link #isAlive} but asks the shared medium when the local view does not know the node yet. */
    CompletableFuture<Boolean> checkAlive(String nodeId);

    /** The nodes heartbeating now, this one included, as far as this node knows (operators' views). */
    default java.util.Set<String> liveNodes() {
        return java.util.Set.of();
    }

    /** Called (on the backplane's thread) for each node that stopped heartbeating. */
    default void onNodeGone(Consumer<String> gone) {
    }

    /** The connection to the shared medium is up. */
    boolean healthy();

    @Override
    void close();
}
