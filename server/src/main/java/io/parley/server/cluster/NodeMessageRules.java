package io.parley.server.cluster;

import io.parley.protocol.FrameLimits;
import io.parley.protocol.Identifiers;
import io.parley.protocol.cluster.NodeMessage;

/**
 * Basic validation of what another node sent through Redis, before any of it is acted on. Redis
 * is inside the trust boundary (SECURITY.md), but a bug, a version mix or a foreign writer on the
 * same Redis must not get ids, sizes or kinds past the rules a client would have to pass.
 */
final class NodeMessageRules {
    /** Node ids: what {@code --node-id} accepts (random ones are 16 hex digits). */
    static final int MAX_NODE_ID_CHARS = 64;

    private NodeMessageRules() {
    }

    /** Why {@code m} must be dropped, or null when it may be handled. */
    static String problem(NodeMessage m) {
        String from = m.getFromNode();
        if (!isNodeId(from)) {
            return "bad from_node";
        }
        switch (m.getBodyCase()) {
            case PEER_DELIVER: {
                var d = m.getPeerDeliver();
                return users(d.getAppId(), d.getToUserId(), d.getFromUserId()); // the body: MessageRules, by messaging
            }
            case PEER_ACKS:
                return m.getPeerAcks().getOriginIdsCount() > PeerAckGatherer.MAX_IDS
                        ? "peer acks over " + PeerAckGatherer.MAX_IDS + " ids" : null;
            case PEER_OUTCOME:
                return m.getPeerOutcome().getDetail().length() > 256 ? "outcome detail over 256 chars" : null;
            case KICK:
                return users(m.getKick().getAppId(), m.getKick().getUserId());
            case BAN:
                return users(m.getBan().getAppId(), m.getBan().getUserId());
            case REMOVE_MEMBER: {
                var r = m.getRemoveMember();
                String bad = users(r.getAppId(), r.getUserId());
                return bad != null ? bad : Identifiers.isValidChannelId(r.getChannelId()) ? null : "bad channel id";
            }
            case USER_FRAME: {
                var f = m.getUserFrame();
                String bad = users(f.getAppId(), f.getUserId());
                return bad != null ? bad : f.getFrame().size() > FrameLimits.MAX_FRAME_BYTES ? "user frame over 128 KB" : null;
            }
            case INVITATION_ACTION: {
                var a = m.getInvitationAction();
                String bad = users(a.getAppId(), a.getCalleeId());
                if (bad != null) {
                    return bad;
                }
                if (a.getInvitationId().isEmpty() || a.getInvitationId().length() > MAX_NODE_ID_CHARS + 25) {
                    return "bad invitation id";
                }
                return Identifiers.utf8Length(a.getResponse()) > FrameLimits.MAX_INVITATION_CONTENT_BYTES
                        ? "invitation response over 8 KB" : null;
            }
            case OFFLINE_STORED:
                return users(m.getOfflineStored().getAppId(), m.getOfflineStored().getUserId());
            case PRESENCE_CHANGED:
                return users(m.getPresenceChanged().getAppId(), m.getPresenceChanged().getUserId());
            default:
                return "unknown kind " + m.getBodyCase();
        }
    }

    /** Checked for every node message: a loop, not a stream. */
    private static boolean isNodeId(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_NODE_ID_CHARS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String users(String appId, String... userIds) {
        if (!Identifiers.isValidAppId(appId)) {
            return "bad app id";
        }
        for (String u : userIds) {
            if (!Identifiers.isValidUserId(u)) {
                return "bad user id";
            }
        }
        return null;
    }
}
