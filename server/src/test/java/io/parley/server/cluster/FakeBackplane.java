package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link Backplane} the test drives: it records what is sent and hands in what "arrives", on the test's thread. */
final class FakeBackplane implements Backplane {
    /** One message sent to a node (null: broadcast). */
    record Sent(String to, NodeMessage message) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** Nodes that are not listening: a send to them completes false. */
    final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final String nodeId;
    private Consumer<NodeMessage> handler;
    private Recovery recovered;
    private Consumer<String> nodeGone = n -> { };

    FakeBackplane(String nodeId) {
        this.nodeId = nodeId;
    }

    /** A message from another node arrives. */
    void arrive(NodeMessage m) {
        handler.accept(m);
    }

    void recover() {
        recover(false);
    }

    /** The shared medium is back; {@code stateLost}: it came back empty. */
    void recover(boolean stateLost) {
        recovered.recovered(stateLost);
    }

    void nodeDied(String node) {
        nodeGone.accept(node);
    }

    List<NodeMessage> sentTo(String node) {
        return sent.stream().filter(s -> node.equals(s.to())).map(Sent::message).toList();
    }

    List<NodeMessage> broadcasts() {
        return sent.stream().filter(s -> s.to() == null).map(Sent::message).toList();
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(Consumer<NodeMessage> handler, Recovery recovered) {
        this.handler = handler;
        this.recovered = recovered;
    }

    @Override
    public CompletableFuture<Boolean> send(String target, NodeMessage message) {
        sent.add(new Sent(target, message));
        return CompletableFuture.completedFuture(!gone.contains(target));
    }

    @Override
    public void broadcast(NodeMessage message) {
        sent.add(new Sent(null, message));
    }

    @Override
    public boolean isAlive(String node) {
        return !gone.contains(node);
    }

    @Override
    public CompletableFuture<Boolean> checkAlive(String node) {
        return CompletableFuture.completedFuture(isAlive(node));
    }

    @Override
    public Set<String> liveNodes() {
        return Set.of(nodeId);
    }

    @Override
    public void onNodeGone(Consumer<String> gone) {
        this.nodeGone = gone;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
    }
}
