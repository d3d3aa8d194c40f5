package io.parley.server.cluster;

import io.parley.server.cluster.ChannelKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link SharedChannels} inside one JVM: the nodes sharing a {@link Hub} share memberships and topics.
 * For in-process clusters in tests and as the reference for the channel bus contract.
 */
public final class LocalChannels implements SharedChannels {
    /** The shared state of one in-process cluster. */
    public static final class Hub {
        /** Per channel: member → the node (bus) it joined through. */
        private final Map<ChannelKey, Map<String, LocalChannels>> members = new ConcurrentHashMap<>();
        private final Map<ChannelKey, Set<LocalChannels>> listeners = new ConcurrentHashMap<>();
    }

    private final Hub hub;
    private final ExecutorService inbox = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-local-channel-bus");
        t.setDaemon(true);
        return t;
    });
    private volatile Listener handler = (k, p, e, c, m) -> { };

    public LocalChannels(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void listener(Listener h) {
        this.handler = h;
    }

    @Override
    public CompletableFuture<Integer> add(ChannelKey key, String userId) {
        synchronized (hub) {
            Map<String, LocalChannels> m = hub.members.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
            m.put(userId, this);
            return CompletableFuture.completedFuture(m.size());
        }
    }

    @Override
    public CompletableFuture<Integer> remove(ChannelKey key, String userId) {
        synchronized (hub) {
            Map<String, LocalChannels> m = hub.members.getOrDefault(key, Map.of());
            m.remove(userId, this);
            return CompletableFuture.completedFuture(m.size());
        }
    }

    @Override
    public CompletableFuture<Void> listen(ChannelKey key) {
        hub.listeners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(this);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unlisten(ChannelKey key) {
        hub.listeners.getOrDefault(key, Set.of()).remove(this);
    }

    @Override
    public void publish(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent) {
        for (LocalChannels node : hub.listeners.getOrDefault(key, Set.of())) {
            if (node == this) {
                continue; // its own members were served when it published
            }
            node.inbox.execute(() -> node.handler.event(key, push, exceptUserId == null ? "" : exceptUserId, memberCount,
                    memberEvent));
        }
    }

    @Override
    public CompletableFuture<List<String>> sample(ChannelKey key, int max) {
        List<String> all = new ArrayList<>(hub.members.getOrDefault(key, Map.of()).keySet());
        Collections.shuffle(all);
        return CompletableFuture.completedFuture(all.subList(0, Math.min(max, all.size())));
    }

    @Override
    public CompletableFuture<Boolean> isMember(ChannelKey key, String userId) {
        return CompletableFuture.completedFuture(hub.members.getOrDefault(key, Map.of()).containsKey(userId));
    }

    @Override
    public CompletableFuture<Integer> count(ChannelKey key) {
        return CompletableFuture.completedFuture(hub.members.getOrDefault(key, Map.of()).size());
    }
}
