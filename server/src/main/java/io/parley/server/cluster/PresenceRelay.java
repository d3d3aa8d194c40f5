package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.v1.PeerOnlineState;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ClusterPresence} in cluster mode: a user's state is the directory's entry if its node
 * heartbeats; every node's presence announcements ({@link SessionRelay}), dead nodes and the end
 * of a Redis outage (announcements may have been missed) are passed to presence to re-read what
 * local subscribers watch.
 */
public final class PresenceRelay implements ClusterPresence {
    private final ClusterNode node;
    private final UserDirectory directory;
    private volatile Inbound inbound;

    public PresenceRelay(ClusterNode node, UserDirectory directory) {
        this.node = node;
        this.directory = directory;
        // our own announcements too: local watchers of a user who left this node re-read the directory
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> inbound.remoteChanged(m.getPresenceChanged().getAppId(),
                m.getPresenceChanged().getUserId()));
        node.onNodeGone(dead -> inbound.recheckAll()); // its users are offline now, unless they came back elsewhere
        // announcements sent while this node was not subscribed never reached it
        node.onRecovered(() -> inbound.recheckAll());
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
    }

    @Override
    public CompletableFuture<PeerOnlineState> stateOf(String appId, String userId) {
        return directory.locate(appId, userId).thenCompose(l -> {
            if (l == null) {
                return CompletableFuture.completedFuture(PeerOnlineState.PEER_STATE_OFFLINE);
            }
            return node.checkAlive(l.nodeId()).thenApply(alive -> !alive ? PeerOnlineState.PEER_STATE_OFFLINE
                    : l.unreachable() ? PeerOnlineState.PEER_STATE_UNREACHABLE : PeerOnlineState.PEER_STATE_ONLINE);
        });
    }
}
