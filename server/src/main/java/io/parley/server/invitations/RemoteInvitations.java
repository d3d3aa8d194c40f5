package io.parley.server.invitations;

import io.parley.protocol.v1.ServerFrame;
import java.util.concurrent.CompletableFuture;

/** Cluster mode: invitations between users on different nodes (the caller's node owns each invitation). */
public interface RemoteInvitations {
    String nodeId();

    /** A frame for the user's session on another node; completes true if that node took it. */
    CompletableFuture<Boolean> toUser(String appId, String userId, ServerFrame frame);

    /** Whether the user is logged in anywhere in the cluster. */
    CompletableFuture<Boolean> isOnline(String appId, String userId);

    /** A callee's action on an invitation owned by {@code ownerNode}. */
    void forward(String ownerNode, String appId, String calleeId, int requestId, String invitationId, Action action,
                 String response);

    enum Action {
        RECEIVED,
        ACCEPT,
        REFUSE
    }
}
