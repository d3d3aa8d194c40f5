package io.parley.server.cluster;

import io.parley.protocol.cluster.InvitationAction;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.UserFrame;
import io.parley.protocol.v1.PeerOnlineState;
import io.parley.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterInvitations} in cluster mode: invitation ids name their owner node ("node.hex");
 * events go to a callee's node as user frames, and a callee's receipt or answer goes back to the
 * owner as an invitation action.
 */
public final class InvitationRelay implements ClusterInvitations {
    private static final Logger log = LoggerFactory.getLogger(InvitationRelay.class);
    /** An undelivered invitation is offered again this often: its callee may log in on another node. */
    static final Duration REDELIVERY = Duration.ofMillis(200);

    private final ClusterNode node;
    private final UserDirectory directory;
    private final ClusterPresence presence;
    private volatile Inbound inbound;

    public InvitationRelay(ClusterNode node, UserDirectory directory, ClusterPresence presence) {
        this.node = node;
        this.directory = directory;
        this.presence = presence;
        node.on(NodeMessage.BodyCase.USER_FRAME, m -> {
            UserFrame f = m.getUserFrame();
            ServerFrame frame;
            try {
                frame = ServerFrame.parseFrom(f.getFrame());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                log.warn("dropping a malformed user frame from node {}", m.getFromNode());
                return;
            }
            inbound.toLocalUser(f.getAppId(), f.getUserId(), frame);
        });
        node.on(NodeMessage.BodyCase.INVITATION_ACTION, m -> {
            InvitationAction a = m.getInvitationAction();
            switch (a.getKind()) {
                case RECEIVED -> inbound.receivedAckFromNode(a.getAppId(), a.getCalleeId(), a.getInvitationId());
                case ACCEPT, REFUSE -> inbound.answerFromNode(a.getAppId(), a.getCalleeId(), a.getRequestId(),
                        a.getInvitationId(), a.getResponse(), a.getKind() == InvitationAction.Kind.ACCEPT);
                default -> log.debug("ignoring an invitation action of kind {}", a.getKind());
            }
        });
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> inbound.peerMaybeGone(m.getPresenceChanged().getAppId(),
                m.getPresenceChanged().getUserId()));
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
    }

    @Override
    public String newId(String random) {
        return node.nodeId() + "." + random;
    }

    @Override
    public String ownerElsewhere(String id) {
        int dot = id.lastIndexOf('.');
        String owner = dot > 0 ? id.substring(0, dot) : null;
        return owner != null && !owner.equals(node.nodeId()) ? owner : null;
    }

    @Override
    public Duration redeliveryInterval() {
        return REDELIVERY;
    }

    @Override
    public CompletableFuture<Boolean> toUser(String appId, String userId, ServerFrame frame) {
        return node.sendToNodeOf(directory, appId, userId, l -> NodeMessage.newBuilder().setUserFrame(
                UserFrame.newBuilder().setAppId(appId).setUserId(userId).setFrame(frame.toByteString())));
    }

    @Override
    public CompletableFuture<Boolean> isOnlineElsewhere(String appId, String userId) {
        return presence.stateOf(appId, userId).thenApply(s -> s != PeerOnlineState.PEER_STATE_OFFLINE);
    }

    @Override
    public void forward(String ownerNode, String appId, String calleeId, int requestId, String invitationId,
                        Action action, String response) {
        InvitationAction.Kind kind = switch (action) {
            case RECEIVED -> InvitationAction.Kind.RECEIVED;
            case ACCEPT -> InvitationAction.Kind.ACCEPT;
            case REFUSE -> InvitationAction.Kind.REFUSE;
        };
        node.send(ownerNode, NodeMessage.newBuilder().setInvitationAction(InvitationAction.newBuilder()
                .setAppId(appId).setCalleeId(calleeId).setRequestId(requestId).setInvitationId(invitationId)
                .setKind(kind).setResponse(response)))
                .whenComplete((took, err) -> {
                    if ((err != null || !Boolean.TRUE.equals(took)) && requestId != 0) {
                        inbound.ownerGone(appId, calleeId, requestId); // the invitation ended with its node
                    }
                });
    }
}
