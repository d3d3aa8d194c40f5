package io.parley.server.messaging;

import io.parley.protocol.peer.PeerFrames;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.cluster.ClusterPeers;
import io.parley.server.messaging.PeerMessagingService.PeerOutcome;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import java.util.concurrent.CompletableFuture;

/**
 * A peer message awaiting its outcome: the push waits for the recipient's ack, or the store.
 * {@code answered} once the origin got its answer (TIMEOUT answers early; the push stays queued).
 */
abstract class Pending {
    final PeerMessage message;
    final boolean offlineAllowed;
    final long deadlineNanos;
    private boolean answered;
    /** Cluster mode: the recipient it was handed to another node for, and whether it was re-routed once. */
    String routedApp;
    String routedPeer;
    boolean rerouted;

    /** True for the one caller that gets to answer (ack, timeout sweep and session end race). */
    synchronized boolean claim() {
        if (answered) {
            return false;
        }
        answered = true;
        return true;
    }

    synchronized boolean answered() {
        return answered;
    }

    Pending(PeerMessage message, boolean offlineAllowed, long deadlineNanos) {
        this.message = message;
        this.offlineAllowed = offlineAllowed;
        this.deadlineNanos = deadlineNanos;
    }

    /** The one answer: OK with the message id, or a failure code. */
    abstract void answer(ErrorCode code, String detail, long messageId);

    /**
     * Whether this node's metrics count the answer: the node that answers the sender does. A message
     * handed over by another node is counted there, when its outcome arrives, not twice.
     */
    boolean countedHere() {
        return true;
    }

    /** Sent by a client: answered with a reply frame on the sender's session. */
    static final class FromSession extends Pending {
        final Session sender;
        final int requestId;

        FromSession(Session sender, int requestId, PeerMessage message, boolean offlineAllowed, long deadlineNanos) {
            super(message, offlineAllowed, deadlineNanos);
            this.sender = sender;
            this.requestId = requestId;
        }

        @Override
        void answer(ErrorCode code, String detail, long messageId) {
            if (code == ErrorCode.OK) {
                sender.send(new EncodedFrame(PeerFrames.encodeSendReply(requestId, messageId, message.serverReceivedTs()),
                        ServerFrame.BodyCase.SEND_PEER_MESSAGE_REPLY));
            } else {
                sender.send(Replies.error(requestId, code, detail));
            }
        }
    }

    /**
     * Sent through the admin or REST API: answered by completing a future — with the final outcome,
     * or (unless {@code waitForAck}) as soon as the push is queued for the online recipient.
     */
    static final class FromServer extends Pending {
        final CompletableFuture<PeerOutcome> outcome = new CompletableFuture<>();
        final boolean waitForAck;

        FromServer(PeerMessage message, boolean offlineAllowed, long deadlineNanos, boolean waitForAck) {
            super(message, offlineAllowed, deadlineNanos);
            this.waitForAck = waitForAck;
        }

        /** The push is queued for the recipient (here or on its node). */
        void queued(long messageId) {
            if (!waitForAck) {
                outcome.complete(new PeerOutcome(ErrorCode.OK, "queued for the recipient", messageId,
                        message.serverReceivedTs(), true));
            }
        }

        @Override
        void answer(ErrorCode code, String detail, long messageId) {
            outcome.complete(new PeerOutcome(code, detail, messageId, message.serverReceivedTs(), false));
        }
    }

    /** Handed over by another node: its outcome goes back to the origin node. */
    static final class FromNode extends Pending {
        final ClusterPeers cluster;
        final String originNode;
        final long originId;

        FromNode(ClusterPeers cluster, String originNode, long originId, PeerMessage message, boolean offlineAllowed,
                 long deadlineNanos) {
            super(message, offlineAllowed, deadlineNanos);
            this.cluster = cluster;
            this.originNode = originNode;
            this.originId = originId;
        }

        @Override
        void answer(ErrorCode code, String detail, long messageId) {
            cluster.outcome(originNode, originId, code, detail);
        }

        @Override
        boolean countedHere() {
            return false;
        }
    }
}
