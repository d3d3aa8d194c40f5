package io.parley.server.cluster;

import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.RemoveMember;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterChannels} in cluster mode: membership and topics in {@link RedisChannels} (each node
 * listens to the topics of the channels it has members in, from its first member to its last), plus
 * what goes between nodes: an operator's removal of another node's member, the memberships a dead
 * node left (removed once, by whichever survivor gets there first), and registering local members
 * again after Redis lost its data.
 */
public final class ChannelRelay implements ClusterChannels {
    private static final Logger log = LoggerFactory.getLogger(ChannelRelay.class);

    private final ClusterNode node;
    private final UserDirectory directory;
    private final SharedChannels channels;
    private volatile Inbound inbound;

    public ChannelRelay(ClusterNode node, UserDirectory directory, RedisChannels channels) {
        this.node = node;
        this.directory = directory;
        this.channels = channels;
        node.on(NodeMessage.BodyCase.REMOVE_MEMBER, m -> {
            RemoveMember r = m.getRemoveMember();
            inbound.removeMember(r.getAppId(), r.getUserId(), r.getChannelId());
        });
        node.onRecovered(() -> inbound.reregister());
        node.onNodeGone(dead -> channels.forgetNode(dead).whenComplete((gone, err) -> {
            if (err != null) {
                log.warn("could not remove the channel memberships of dead node {}: {}", dead, err.toString());
            } else if (!gone.isEmpty()) {
                log.info("removed {} channel membership(s) of dead node {}", gone.size(), dead);
                gone.forEach(e -> inbound.memberGone(e.getKey(), e.getValue()));
            }
        }));
    }

    @Override
    public void inbound(Inbound in) {
        this.inbound = in;
        channels.listener(in::event);
    }

    @Override
    public CompletableFuture<Integer> joined(ChannelKey key, String userId, int countHere) {
        if (countHere == 1) { // this node's first member: events from the other nodes come from now on
            return channels.listen(key).thenCompose(x -> channels.add(key, userId));
        }
        return channels.add(key, userId);
    }

    @Override
    public CompletableFuture<Integer> left(ChannelKey key, String userId, int countHere) {
        if (countHere == 0) {
            channels.unlisten(key);
        }
        return channels.remove(key, userId);
    }

    @Override
    public CompletableFuture<Integer> rejoined(ChannelKey key, String userId, int countHere) {
        return channels.listen(key).thenCompose(x -> channels.add(key, userId));
    }

    @Override
    public void publish(ChannelKey key, Supplier<byte[]> push, String exceptUserId, int memberCount,
                        boolean memberEvent) {
        channels.publish(key, push.get(), exceptUserId, memberCount, memberEvent);
    }

    @Override
    public CompletableFuture<Integer> count(ChannelKey key, int countHere) {
        return channels.count(key);
    }

    @Override
    public CompletableFuture<List<String>> sample(ChannelKey key, int max, Supplier<List<String>> here) {
        return channels.sample(key, max);
    }

    @Override
    public CompletableFuture<Boolean> isMemberElsewhere(ChannelKey key, String userId) {
        return channels.isMember(key, userId); // asked for users not logged in here: a member is another node's
    }

    @Override
    public CompletableFuture<Boolean> removeElsewhere(String appId, String userId, String channelId) {
        return node.sendToNodeOf(directory, appId, userId, l -> NodeMessage.newBuilder().setRemoveMember(
                RemoveMember.newBuilder().setAppId(appId).setUserId(userId).setChannelId(channelId)));
    }
}
