package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@link Backplane} inside one JVM: nodes that share a {@link Hub} reach each other directly. For
 * in-process clusters in tests and as the reference for the backplane contract. Messages to a node
 * are handled one at a time in the order sent.
 */
public final class LocalBackplane implements Backplane {
    /** The nodes of one in-process cluster. */
    public static final class Hub {
        private final Map<String, LocalBackplane> nodes = new ConcurrentHashMap<>();
    }

    private final Hub hub;
    private final String nodeId;
    private final ExecutorService inbox;
    private volatile Consumer<NodeMessage> handler = m -> { };

    public LocalBackplane(Hub hub, String nodeId) {
        this.hub = hub;
        this.nodeId = nodeId;
        this.inbox = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-local-backplane-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(Consumer<NodeMessage> handler, Recovery recovered) {
        this.handler = handler;
        hub.nodes.put(nodeId, this);
    }

    @Override
    public CompletableFuture<Boolean> send(String target, NodeMessage message) {
        LocalBackplane t = hub.nodes.get(target);
        if (t == null) {
            return CompletableFuture.completedFuture(false);
        }
        t.inbox.execute(() -> t.handler.accept(message));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void broadcast(NodeMessage message) {
        hub.nodes.keySet().forEach(n -> send(n, message));
    }

    @Override
    public boolean isAlive(String node) {
        return node.equals(nodeId) || hub.nodes.containsKey(node);
    }

    @Override
    public CompletableFuture<Boolean> checkAlive(String node) {
        return CompletableFuture.completedFuture(isAlive(node));
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
        hub.nodes.remove(nodeId, this);
        inbox.shutdown();
    }
}
