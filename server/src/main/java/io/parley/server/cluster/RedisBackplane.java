package io.parley.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.Range;
import io.parley.protocol.cluster.NodeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Backplane} on Redis pub/sub: node {@code X} subscribes to {@code parley:node:X}; liveness
 * is a sorted set {@code parley:nodes} of node → heartbeat deadline, written every heartbeat and
 * read back into a local cache, so checking a node costs no round trip. A publish that reached no
 * subscriber reports false at once when the target is not heartbeating (it is gone); when it is,
 * the target is subscribing again after a Redis outage, and the message waits for it
 * ({@link HeldNodeMessages}) for up to three heartbeats, the time a dead node takes to drop out.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);
    private static final String NODES = "parley:nodes";
    private static final String ALL = "parley:all";

    private final RedisConnector redis;
    private final String nodeId;
    private final long heartbeatMillis;
    private final LongSupplier clock;
    private final ScheduledExecutorService timer;
    private volatile Set<String> alive = Set.of();
    private volatile boolean heartbeatOk;
    private volatile boolean everOk;
    /** The pub/sub drops ({@link RedisTopics#drops}) this node has recovered from; healthy only when current. */
    private volatile long dropsRecovered = -1;
    private volatile boolean recovering;
    /** Redis lost this node's state (its heartbeat entry was gone) and no recovery has written it again yet. */
    private volatile boolean lostPending;
    private volatile Recovery recovered = lost -> CompletableFuture.completedFuture(null);
    private volatile Consumer<String> gone = n -> { };
    private long beats;
    private final PublishCoalescer publisher;
    private final HeldNodeMessages held;
    /** Node id → its topic, so that a send builds no string; a node's entry goes when it stops heartbeating. */
    private final Map<String, String> nodeTopics = new ConcurrentHashMap<>();

    public RedisBackplane(RedisConnector redis, String nodeId, long heartbeatMillis) {
        this(redis, nodeId, heartbeatMillis, Runnable::run);
    }

    /**
     * {@code later} runs a task after the current event-loop task (see {@link PublishCoalescer}):
     * messages to one node within one loop iteration go out as one publish.
     */
    public RedisBackplane(RedisConnector redis, String nodeId, long heartbeatMillis, java.util.concurrent.Executor later) {
        this.redis = redis;
        this.publisher = new PublishCoalescer(later,
                (topic, bytes) -> redis.topics().publish(topic, bytes));
        this.nodeId = nodeId;
        this.heartbeatMillis = heartbeatMillis;
        this.clock = System::currentTimeMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-backplane");
            t.setDaemon(true);
            return t;
        });
        // a node alive but not subscribed is subscribing again (Redis came back): wait for it up to the time
        // a dead node takes to drop out of the live set
        this.held = new HeldNodeMessages((target, m, sent) -> publisher.send(nodeTopics.computeIfAbsent(target,
                RedisBackplane::topic), m, sent), this::isAlive,
                (millis, task) -> timer.schedule(task, millis, TimeUnit.MILLISECONDS), clock, 3 * heartbeatMillis);
    }

    static String topic(String nodeId) {
        return "parley:node:" + nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(Consumer<NodeMessage> handler, Recovery recovered) {
        this.recovered = recovered;
        redis.topics().listen((channel, message) -> {
            if (!channel.equals(topic(nodeId)) && !channel.equals(ALL)) {
                return; // another feature's topic on the shared pub/sub connection
            }
            NodeMessage received;
            try {
                received = NodeMessage.parseFrom(message);
            } catch (InvalidProtocolBufferException e) {
                log.warn("dropping a malformed node message on {}", channel);
                return;
            }
            for (NodeMessage m : PublishCoalescer.unpack(received)) {
                try {
                    handler.accept(m);
                } catch (RuntimeException e) {
                    log.error("node message handler failed", e);
                }
            }
        });
        // one topic per call: on a Redis Cluster the two may live on different masters
        CompletableFuture.allOf(redis.topics().subscribe(topic(nodeId)), redis.topics().subscribe(ALL))
                .orTimeout(10, TimeUnit.SECONDS).join();
        heartbeat();
        timer.scheduleAtFixedRate(this::heartbeat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        long now = clock.getAsLong();
        long drops = redis.topics().drops(); // read first: a drop during this beat is recovered from by the next
        // every master must answer: with part of a Redis Cluster down this node is not ready
        redis.pingAll().thenCompose(ok -> redis.async().zadd(NODES, now + 3 * heartbeatMillis,
                        nodeId.getBytes(StandardCharsets.UTF_8)))
                .thenCompose(added -> {
                    // our entry was missing: Redis restarted or was flushed, so what we keep there is gone too
                    // (kept until a recovery took it, even if the rest of this beat fails)
                    if (everOk && added != null && added > 0) {
                        lostPending = true;
                    }
                    return redis.async().zrangebyscore(NODES, Range.create(now, Double.POSITIVE_INFINITY));
                })
                .whenComplete((members, err) -> {
                    if (err != null) {
                        if (heartbeatOk) {
                            log.warn("backplane heartbeat failed: {}", err.toString());
                        }
                        heartbeatOk = false;
                        return;
                    }
                    Set<String> now2 = ConcurrentHashMap.newKeySet();
                    members.forEach(m -> now2.add(new String(m, StandardCharsets.UTF_8)));
                    Set<String> before = alive;
                    alive = now2;
                    for (String n : before) {
                        if (!now2.contains(n) && !n.equals(nodeId)) {
                            log.info("node {} stopped heartbeating", n);
                            String topic = nodeTopics.remove(n);
                            if (topic != null) {
                                publisher.forget(topic);
                            }
                            gone.accept(n);
                        }
                    }
                    boolean wasDown = !heartbeatOk;
                    heartbeatOk = true;
                    if (wasDown) {
                        log.info("backplane heartbeat ok: {} node(s) alive", now2.size());
                    }
                    if (recovering) {
                        log.debug("still registering this node's state again");
                    } else if (lostPending || (everOk && (wasDown || drops != dropsRecovered))) {
                        // a short outage may fall between two beats: a dropped pub/sub connection tells of it
                        recover(drops);
                    } else {
                        dropsRecovered = drops;
                    }
                    everOk = true;
                });
        if (++beats % 60 == 0) {
            redis.async().zremrangebyscore(NODES, Range.create(0, now - 60_000)); // forget long-dead nodes
        }
    }

    /**
     * Subscribes again (a restarted master knows no subscriptions), then runs the features'
     * recovery, which must not miss a broadcast sent before the subscriptions are back; the node is
     * healthy again when both are done.
     */
    private void recover(long drops) {
        recovering = true;
        boolean lost = lostPending;
        lostPending = false;
        log.info("Redis {} this node's state: registering it again", lost ? "lost" : "may have lost");
        redis.topics().resubscribe()
                .thenCompose(x -> recovered.recovered(lost))
                .whenComplete((x, err) -> {
                    if (err != null) {
                        log.warn("registering this node's state again failed, retrying at the next heartbeat: {}",
                                err.toString());
                        lostPending |= lost;
                        dropsRecovered = -1; // never a count of drops: the next beat tries again
                    } else {
                        dropsRecovered = drops;
                        log.info("this node's state is registered again");
                    }
                    recovering = false;
                });
    }

    @Override
    public CompletableFuture<Boolean> send(String target, NodeMessage message) {
        return held.send(target, message);
    }

    @Override
    public void broadcast(NodeMessage message) {
        publisher.send(ALL, message);
    }

    @Override
    public boolean isAlive(String node) {
        return node.equals(nodeId) || alive.contains(node);
    }

    @Override
    public Set<String> liveNodes() {
        Set<String> out = new java.util.TreeSet<>(alive);
        out.add(nodeId);
        return out;
    }

    @Override
    public void onNodeGone(Consumer<String> c) {
        this.gone = c;
    }

    @Override
    public CompletableFuture<Boolean> checkAlive(String node) {
        if (isAlive(node)) {
            return CompletableFuture.completedFuture(true);
        }
        return redis.async().zscore(NODES, node.getBytes(StandardCharsets.UTF_8))
                .thenApply(deadline -> deadline != null && deadline > clock.getAsLong()).toCompletableFuture();
    }

    @Override
    public boolean healthy() {
        return heartbeatOk && redis.healthy() && dropsRecovered == redis.topics().drops();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        held.close();
        try {
            redis.topics().unsubscribe(topic(nodeId)).get(1, TimeUnit.SECONDS);
            redis.async().zrem(NODES, nodeId.getBytes(StandardCharsets.UTF_8)).toCompletableFuture()
                    .get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("could not deregister node {}", nodeId);
        }
    }
}
