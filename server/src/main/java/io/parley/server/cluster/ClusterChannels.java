package io.parley.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Channels' cluster port: the members of each channel across the cluster, and a per-channel topic
 * that every node with local members listens to. In cluster mode {@link RedisChannels} (the
 * in-memory reference: {@link LocalChannels}); on a single node the channel service keeps
 * everything in memory and has no port yet (issue 19, part 1).
 */
public interface ClusterChannels {
    /** What arrives for this node's channel members. */
    interface Inbound {
        /** Something published on a channel's topic (including by this node). */
        void event(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent);

        /** An operator of another node removes a user of this node from a channel. */
        default void removeMember(String appId, String userId, String channelId) {
        }

        /** A member of a node that died was removed from the channel's membership. */
        default void memberGone(ChannelKey key, String userId) {
        }

        /** The shared state was lost: every local member is added to the shared membership again. */
        default void reregister() {
        }
    }

    /** Where events go; set once, by the channel service. */
    void inbound(Inbound in);

    /**
     * Adds the member cluster-wide, as joined through this node (a user who joins again through
     * another node is that node's member from then on); completes with the member count after it.
     */
    CompletableFuture<Integer> add(ChannelKey key, String userId);

    /**
     * Removes the member cluster-wide if it joined through this node (a later join through another
     * node stays: the user moved); completes with the count after it.
     */
    CompletableFuture<Integer> remove(ChannelKey key, String userId);

    /** Starts listening to the channel's topic (this node has its first local member); completes once active. */
    CompletableFuture<Void> listen(ChannelKey key);

    /** Stops listening (the last local member left). */
    void unlisten(ChannelKey key);

    void publish(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent);

    /** Up to {@code max} members chosen at random across the cluster. */
    CompletableFuture<List<String>> sample(ChannelKey key, int max);

    CompletableFuture<Integer> count(ChannelKey key);

    CompletableFuture<Boolean> isMember(ChannelKey key, String userId);

    /** Operator removal of a member of another node; completes true if that node took it. */
    default CompletableFuture<Boolean> removeElsewhere(String appId, String userId, String channelId) {
        return CompletableFuture.completedFuture(false);
    }
}
