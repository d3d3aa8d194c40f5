package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import io.parley.server.log.LogSafe;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in a cluster: the router of node messages. Each feature's relay
 * ({@link PeerRelay}, {@link PresenceRelay}, {@link InvitationRelay}, {@link SessionRelay},
 * {@link BanRelay}, {@link RedisChannels}) registers for the kinds it handles; what arrives is checked
 * by {@link NodeMessageRules} and handed to them in turn. Node liveness and the recovery of the
 * shared medium are passed on the same way.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final Backplane backplane;
    private final Map<NodeMessage.BodyCase, List<Consumer<NodeMessage>>> handlers =
            new EnumMap<>(NodeMessage.BodyCase.class);
    private final List<Backplane.Recovery> recovered = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> nodeGone = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    public ClusterNode(Backplane backplane) {
        this.backplane = backplane;
        backplane.onNodeGone(dead -> nodeGone.forEach(c -> c.accept(dead)));
    }

    /** Registers a handler of one kind of node message; several may share a kind. Before {@link #start}. */
    public void on(NodeMessage.BodyCase kind, Consumer<NodeMessage> handler) {
        if (started) {
            throw new IllegalStateException("handlers are registered before the node starts");
        }
        handlers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Runs whenever the shared medium is back after an outage (what was kept there may be gone). */
    public void onRecovered(Backplane.Recovery r) {
        recovered.add(r);
    }

    /** Like {@link #onRecovered(Backplane.Recovery)} for a recovery that is done when it returns. */
    public void onRecovered(Runnable r) {
        recovered.add(lost -> {
            r.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Runs for each node that stopped heartbeating. */
    public void onNodeGone(Consumer<String> c) {
        nodeGone.add(c);
    }

    public String nodeId() {
        return backplane.nodeId();
    }

    /** The nodes heartbeating now, this one included. */
    public Set<String> liveNodes() {
        return backplane.liveNodes();
    }

    /** The shared medium reachable and this node's heartbeat current: /ready depends on it. */
    public boolean healthy() {
        return backplane.healthy();
    }

    /** Whether {@code nodeId} heartbeats, asking the shared medium when this node does not know it yet. */
    public CompletableFuture<Boolean> checkAlive(String nodeId) {
        return backplane.checkAlive(nodeId);
    }

    /** Sends to one node, as from this one; completes true once that node's subscription took it. */
    public CompletableFuture<Boolean> send(String nodeId, NodeMessage.Builder message) {
        return backplane.send(nodeId, message.setFromNode(nodeId()).build());
    }

    /**
     * Sends to the node where {@code directory} has the user logged in, if that is another node;
     * completes false when the user is here or nowhere, true once that node's subscription took it.
     */
    public CompletableFuture<Boolean> sendToNodeOf(UserDirectory directory, String appId, String userId,
                                                   Function<UserDirectory.Location, NodeMessage.Builder> message) {
        return directory.locate(appId, userId).thenCompose(l -> l == null || l.nodeId().equals(nodeId())
                ? CompletableFuture.completedFuture(false) : send(l.nodeId(), message.apply(l)));
    }

    /** Sends to every node, this one included. */
    public void broadcast(NodeMessage.Builder message) {
        backplane.broadcast(message.setFromNode(nodeId()).build());
    }

    public void start() {
        started = true;
        backplane.start(this::received, this::recovered);
    }

    /** Runs every feature's recovery; completes when all have (one that throws is logged, not waited for). */
    private CompletableFuture<Void> recovered(boolean stateLost) {
        List<CompletableFuture<Void>> all = new ArrayList<>(recovered.size());
        for (Backplane.Recovery r : recovered) {
            try {
                all.add(r.recovered(stateLost));
            } catch (RuntimeException e) {
                log.error("a recovery after the shared medium came back failed", e);
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Hands one message from another node (or this one's broadcast) to the handlers of its kind. */
    void received(NodeMessage m) {
        String problem = NodeMessageRules.problem(m);
        if (problem != null) {
            log.warn("dropping a node message from {}: {}", LogSafe.of(m.getFromNode()), problem);
            return;
        }
        List<Consumer<NodeMessage>> of = handlers.get(m.getBodyCase());
        if (of == null) {
            log.debug("no handler of node message {}", m.getBodyCase());
            return;
        }
        for (Consumer<NodeMessage> h : of) {
            try {
                h.accept(m);
            } catch (RuntimeException e) { // one relay's bug must not stop the others, or the backplane
                log.error("handling a {} from node {} failed", m.getBodyCase(), LogSafe.of(m.getFromNode()), e);
            }
        }
    }

    @Override
    public void close() {
        backplane.close();
    }
}
