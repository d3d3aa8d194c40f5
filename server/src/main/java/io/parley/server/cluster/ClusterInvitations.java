package io.parley.server.cluster;

import io.parley.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Invitations' cluster port: invitations between users on different nodes, each owned by its
 * caller's node. On a single node ({@link SingleNodeInvitations}) every invitation is this node's
 * and no callee is elsewhere; in cluster mode {@link InvitationRelay} carries them.
 */
public interface ClusterInvitations {
    /** A callee's action on an invitation another node owns. */
    enum Action {
        RECEIVED,
        ACCEPT,
        REFUSE
    }

    /** What other nodes hand to this one. */
    interface Inbound {
        /** A callee on another node confirmed receipt of one of this node's invitations. */
        void receivedAckFromNode(String appId, String calleeId, String invitationId);

        /** A callee on another node answered one of this node's invitations ({@code requestId}: its request). */
        void answerFromNode(String appId, String calleeId, int requestId, String invitationId, String response,
                            boolean accept);

        /** A frame for a user of this node (an invitation event, or the reply to a forwarded answer). */
        void toLocalUser(String appId, String userId, ServerFrame frame);

        /** A callee's forwarded request could not reach the invitation's owner node (it is gone). */
        void ownerGone(String appId, String calleeId, int requestId);

        /** A user's presence changed somewhere (a callee of an invitation here may be gone). */
        void peerMaybeGone(String appId, String userId);
    }

    /** Where messages from other nodes go; set once, by the invitation service's constructor. */
    void inbound(Inbound in);

    /** The id of a new invitation of this node, from its random part (cluster ids name their owner node). */
    String newId(String random);

    /** The node that owns the invitation {@code id} if it is another one, else null. */
    String ownerElsewhere(String id);

    /**
     * How often an undelivered invitation is offered again: its callee may log in on another node,
     * which this node does not hear of. Zero on a single node, where a login delivers it at once.
     */
    Duration redeliveryInterval();

    /** A frame for the user's session on another node; completes true if a node took it. */
    CompletableFuture<Boolean> toUser(String appId, String userId, ServerFrame frame);

    /** Whether the user is logged in on another node. */
    CompletableFuture<Boolean> isOnlineElsewhere(String appId, String userId);

    /** A callee's action on an invitation owned by {@code ownerNode}. */
    void forward(String ownerNode, String appId, String calleeId, int requestId, String invitationId, Action action,
                 String response);
}
