package io.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SharedBans} in memory: the reference of the contract, and the store of in-process tests. */
public final class LocalBans implements SharedBans {
    private record Key(String appId, String userId) {
    }

    private final Map<Key, Long> untilMillis = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> save(String appId, String userId, long until) {
        if (until > System.currentTimeMillis()) {
            untilMillis.put(new Key(appId, userId), until);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(String appId, String userId) {
        untilMillis.remove(new Key(appId, userId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<ClusterBans.Banned>> all() {
        long now = System.currentTimeMillis();
        untilMillis.values().removeIf(until -> until <= now);
        List<ClusterBans.Banned> out = new ArrayList<>();
        untilMillis.forEach((k, until) -> out.add(new ClusterBans.Banned(k.appId(), k.userId(), until)));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<Void> restore(List<ClusterBans.Banned> bans) {
        for (ClusterBans.Banned b : bans) {
            untilMillis.merge(new Key(b.appId(), b.userId()), b.untilMillis(), Math::max);
        }
        return CompletableFuture.completedFuture(null);
    }
}
