package io.parley.server.channels;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster mode's channel state shared by all nodes: the members of each channel across the
 * cluster, and a per-channel topic that every node with local members listens to. Absent on a
 * single node, where {@link ChannelService} keeps everything in memory.
 */
public interface ChannelBus {
    /** Something published on a channel's topic (including by this node). */
    interface Events {
        void event(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent);
    }

    void onEvent(Events handler);

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
}
