package io.parley.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Channels' cluster port: what the members of a channel on other nodes add to this node's. The
 * channel service serves its local members itself and tells the port; arguments named {@code …Here}
 * are this node's own answer, which is the whole answer on a single node ({@link SingleNodeChannels},
 * which answers at once on the caller's thread). In cluster mode {@link ChannelRelay} shares
 * membership and events through {@link SharedChannels}.
 */
public interface ClusterChannels {
    /** What other nodes send this node's channel members. */
    interface Inbound {
        /** Something another node published on a channel's topic: for the local members. */
        void event(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent);

        /** An operator of another node removes a user of this node from a channel. */
        void removeMember(String appId, String userId, String channelId);

        /** A member of a node that died was removed from the channel's membership. */
        void memberGone(ChannelKey key, String userId);

        /** The shared state was lost: every local member is registered again ({@link #rejoined}). */
        void reregister();
    }

    /** Where events from other nodes go; set once, by the channel service's constructor. */
    void inbound(Inbound in);

    /** A member of this node joined; {@code countHere}: members here after it. Completes with the count in the whole cluster. */
    CompletableFuture<Integer> joined(ChannelKey key, String userId, int countHere);

    /** A member of this node left; {@code countHere}: members here after it. Completes with the count in the whole cluster. */
    CompletableFuture<Integer> left(ChannelKey key, String userId, int countHere);

    /** After the shared state was lost: a member of this node is registered again; completes with the count. */
    CompletableFuture<Integer> rejoined(ChannelKey key, String userId, int countHere);

    /**
     * An event for the channel's members on the other nodes (this node's were served already);
     * {@code push} is read only if some other node may have members.
     */
    void publish(ChannelKey key, Supplier<byte[]> push, String exceptUserId, int memberCount, boolean memberEvent);

    /** Members in the whole cluster. */
    CompletableFuture<Integer> count(ChannelKey key, int countHere);

    /** Up to {@code max} members chosen at random in the whole cluster; {@code here} samples this node's. */
    CompletableFuture<List<String>> sample(ChannelKey key, int max, Supplier<List<String>> here);

    /** Whether the user is a member through another node. */
    CompletableFuture<Boolean> isMemberElsewhere(ChannelKey key, String userId);

    /** Operator removal of a member of another node; completes true if that node took it. */
    CompletableFuture<Boolean> removeElsewhere(String appId, String userId, String channelId);
}
