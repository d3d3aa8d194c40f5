package io.parley.server.cluster;

import com.google.protobuf.UnsafeByteOperations;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.OfflineStored;
import io.parley.protocol.cluster.PeerAcks;
import io.parley.protocol.cluster.PeerDeliver;
import io.parley.protocol.cluster.PeerOutcome;
import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterPeers} in cluster mode: finds a recipient's node through the user directory (with
 * a {@link RouteCache} in front, emptied by presence announcements and dead nodes) and carries
 * peer messages, their outcomes and offline-store nudges as node messages. OK outcomes, the common
 * case, go back gathered per origin node ({@link PeerAckGatherer}); other outcomes one by one.
 */
public final class PeerRelay implements ClusterPeers {
    private static final Logger log = LoggerFactory.getLogger(PeerRelay.class);
    /** Users of other nodes whose node this one remembers (see {@link RouteCache}). */
    static final long ROUTE_CACHE_ENTRIES = 200_000;

    private final ClusterNode node;
    private final UserDirectory directory;
    private final RouteCache routes = new RouteCache(ROUTE_CACHE_ENTRIES, Duration.ofMinutes(10));
    private final PeerAckGatherer acks;
    private volatile Inbound inbound;

    /** Outcomes are sent at once (tests; off the event loops). */
    public PeerRelay(ClusterNode node, UserDirectory directory) {
        this(node, directory, Runnable::run);
    }

    /** @param afterCurrentTask where the acks of one event-loop iteration are gathered (see {@link PeerAckGatherer}) */
    public PeerRelay(ClusterNode node, UserDirectory directory, Executor afterCurrentTask) {
        this.node = node;
        this.directory = directory;
        this.acks = new PeerAckGatherer(afterCurrentTask, (origin, ids) -> reportTo(origin,
                NodeMessage.newBuilder().setPeerAcks(ids), "OK", ids.getOriginIdsCount() + " message(s)"));
        node.on(NodeMessage.BodyCase.PEER_DELIVER, m -> {
            PeerDeliver d = m.getPeerDeliver();
            inbound.deliverFromNode(m.getFromNode(), d.getOriginId(), d.getAppId(), d.getToUserId(), d.getFromUserId(),
                    d.getBody().toByteArray(), d.getServerReceivedTs(), d.getOfflineAllowed());
        });
        node.on(NodeMessage.BodyCase.PEER_OUTCOME, m -> {
            PeerOutcome o = m.getPeerOutcome();
            if (o.getNotHere()) {
                inbound.notHere(o.getOriginId());
            } else {
                inbound.remoteOutcome(o.getOriginId(), o.getCode(), o.getDetail());
            }
        });
        node.on(NodeMessage.BodyCase.PEER_ACKS, m -> {
            PeerAcks a = m.getPeerAcks();
            for (int i = 0, n = a.getOriginIdsCount(); i < n; i++) {
                inbound.remoteOutcome(a.getOriginIds(i), ErrorCode.OK, "");
            }
        });
        node.on(NodeMessage.BodyCase.OFFLINE_STORED, m -> inbound.storedElsewhere(m.getOfflineStored().getAppId(),
                m.getOfflineStored().getUserId()));
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> routes.forget(m.getPresenceChanged().getAppId(),
                m.getPresenceChanged().getUserId()));
        node.onNodeGone(gone -> {
            routes.forgetNode(gone);
            acks.forget(gone);
        });
        node.onRecovered(routes::forgetAll); // announcements that would have dropped routes may have been missed
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
    }

    @Override
    public CompletableFuture<String> locate(String appId, String userId) {
        // no liveness check here: a publish that reaches no subscriber tells the node is gone
        return routes.get(appId, userId, () -> directory.locate(appId, userId)
                .thenApply(l -> l == null || l.nodeId().equals(node.nodeId()) ? null : l.nodeId()));
    }

    @Override
    public CompletableFuture<Boolean> deliver(String nodeId, long originId, String appId, String toUserId,
                                              String fromUserId, EncodedBody body, long serverReceivedTs,
                                              boolean offlineAllowed) {
        return node.send(nodeId, NodeMessage.newBuilder().setPeerDeliver(PeerDeliver.newBuilder()
                .setOriginId(originId).setAppId(appId).setToUserId(toUserId).setFromUserId(fromUserId)
                .setBody(UnsafeByteOperations.unsafeWrap(body.bytes())) // immutable: shared
                .setServerReceivedTs(serverReceivedTs).setOfflineAllowed(offlineAllowed)));
    }

    @Override
    public void outcome(String originNode, long originId, ErrorCode code, String detail) {
        if (code == ErrorCode.OK && detail.isEmpty()) {
            acks.add(originNode, originId);
            return;
        }
        reportTo(originNode, NodeMessage.newBuilder().setPeerOutcome(PeerOutcome.newBuilder()
                .setOriginId(originId).setCode(code).setDetail(detail)), code, "message " + originId);
    }

    private void reportTo(String originNode, NodeMessage.Builder report, Object code, String what) {
        node.send(originNode, report).whenComplete((ok, err) -> {
            if (err != null || !Boolean.TRUE.equals(ok)) {
                log.debug("origin node {} gone; outcome {} of {} not reported", originNode, code, what);
            }
        });
    }

    @Override
    public void notHere(String originNode, long originId) {
        node.send(originNode, NodeMessage.newBuilder().setPeerOutcome(PeerOutcome.newBuilder()
                .setOriginId(originId).setNotHere(true)));
    }

    @Override
    public void stored(String appId, String userId) {
        // the directory, not the route cache: a login that raced the store has claimed the user by now
        node.sendToNodeOf(directory, appId, userId, l -> {
            log.debug("message stored for app={} user={}: telling node {}", appId, userId, l.nodeId());
            return NodeMessage.newBuilder().setOfflineStored(OfflineStored.newBuilder().setAppId(appId).setUserId(userId));
        }).exceptionally(err -> {
            log.warn("directory unavailable: a message stored for app={} user={} waits for the next login",
                    appId, userId);
            return false;
        });
    }

    @Override
    public void forget(String appId, String userId) {
        routes.forget(appId, userId);
    }

    /** Routes to users of other nodes held now (for tests and diagnostics). */
    public long cachedRoutes() {
        return routes.size();
    }
}
