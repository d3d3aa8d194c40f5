package io.parley.server.channels;

import io.parley.protocol.FrameLimits;
import io.parley.server.cluster.ChannelKey;
import io.parley.server.cluster.ClusterChannels;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other nodes tell this node's channels: their events for the local members, their operators'
 * removals of local members, the members a dead node left, and registering every local member
 * again after Redis lost its data. Nothing arrives on a single node.
 */
final class ChannelInbound implements ClusterChannels.Inbound {
    private static final Logger log = LoggerFactory.getLogger(ChannelInbound.class);

    private final ChannelService service;
    private final ClusterChannels cluster;

    ChannelInbound(ChannelService service, ClusterChannels cluster) {
        this.service = service;
        this.cluster = cluster;
    }

    /** An event another node published on a channel's topic: to the local members. */
    @Override
    public void event(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent) {
        Channel c = service.channel(key);
        if (c == null) {
            return;
        }
        if (memberCount > 0) {
            c.clusterSize(memberCount);
            service.countChanged(c);
        }
        if (push.length > FrameLimits.MAX_FRAME_BYTES) {
            // the sending node checked it; one that did not must not break every member here
            log.warn("dropping a {}-byte frame from the cluster bus for a channel of app {}: over the frame limit",
                    push.length, key.appId());
            service.metrics().oversizeFrame(EncodedFrame.Kind.RELAYED);
        } else if (push.length > 0) {
            c.broadcastExceptUser(EncodedFrame.relayed(push), exceptUserId);
        }
    }

    /** After Redis lost its data: every local member is registered again. */
    @Override
    public void reregister() {
        for (Channel c : service.channels()) {
            for (Session s : c.membersSnapshot()) {
                cluster.rejoined(c.key(), s.userId(), c.size()).thenAccept(c::clusterSize);
            }
        }
    }

    /** A member of a node that died was removed from the channel: the members here and elsewhere hear it left. */
    @Override
    public void memberGone(ChannelKey key, String userId) {
        cluster.count(key, service.count(key)).thenAccept(count -> {
            Channel c = service.channel(key);
            if (c != null) {
                c.clusterSize(count);
                service.countChanged(c);
            }
            service.memberEvent(key, c, null, userId, count, false);
        });
    }

    /** An operator of another node removes a user of this node from a channel. */
    @Override
    public void removeMember(String appId, String userId, String channelId) {
        Channel c = service.channel(new ChannelKey(appId, channelId));
        if (c == null) {
            return;
        }
        for (Session s : c.membersSnapshot()) {
            if (s.userId().equals(userId)) {
                service.remove(s, channelId);
            }
        }
    }
}
