package io.parley.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Channel state shared by the nodes of a cluster: the members of each channel across the cluster,
 * and a per-channel topic that every node with local members listens to. {@link RedisChannels} in
 * cluster mode; {@link LocalChannels} is the in-memory reference (one contract test runs on both).
 * {@link ChannelRelay} puts it behind channels' port.
 */
public interface SharedChannels {
    /** Something another node published on a channel's topic. */
    interface Listener {
        void event(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent);
    }

    /** Where other nodes' events go; set once. */
    void listener(Listener l);

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

    /** To the other nodes that listen to the channel (this node's own publishes are not handed back to it). */
    void publish(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent);

    /** Up to {@code max} members chosen at random across the cluster. */
    CompletableFuture<List<String>> sample(ChannelKey key, int max);

    CompletableFuture<Integer> count(ChannelKey key);

    CompletableFuture<Boolean> isMember(ChannelKey key, String userId);
}
