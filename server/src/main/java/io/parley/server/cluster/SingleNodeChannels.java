package io.parley.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@link ClusterChannels} of a node that is the whole cluster: this node's members are all the members. */
public final class SingleNodeChannels implements ClusterChannels {
    private static final CompletableFuture<Boolean> NO = CompletableFuture.completedFuture(false);

    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public CompletableFuture<Integer> joined(ChannelKey key, String userId, int countHere) {
        return CompletableFuture.completedFuture(countHere);
    }

    @Override
    public CompletableFuture<Integer> left(ChannelKey key, String userId, int countHere) {
        return CompletableFuture.completedFuture(countHere);
    }

    @Override
    public CompletableFuture<Integer> rejoined(ChannelKey key, String userId, int countHere) {
        return CompletableFuture.completedFuture(countHere);
    }

    @Override
    public void publish(ChannelKey key, Supplier<byte[]> push, String exceptUserId, int memberCount,
                        boolean memberEvent) {
    }

    @Override
    public CompletableFuture<Integer> count(ChannelKey key, int countHere) {
        return CompletableFuture.completedFuture(countHere);
    }

    @Override
    public CompletableFuture<List<String>> sample(ChannelKey key, int max, Supplier<List<String>> here) {
        return CompletableFuture.completedFuture(here.get());
    }

    @Override
    public CompletableFuture<Boolean> isMemberElsewhere(ChannelKey key, String userId) {
        return NO;
    }

    @Override
    public CompletableFuture<Boolean> removeElsewhere(String appId, String userId, String channelId) {
        return NO;
    }
}
