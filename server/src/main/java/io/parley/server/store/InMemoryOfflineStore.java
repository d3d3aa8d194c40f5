package io.parley.server.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Non-durable {@link OfflineStore} for unit tests and as the reference the contract test checks. */
public final class InMemoryOfflineStore implements OfflineStore {
    private final StorePolicy policy;
    private final Map<String, Deque<StoredMessage>> byUser = new HashMap<>();
    private long nextSeq = 1;

    public InMemoryOfflineStore(StorePolicy policy) {
        this.policy = policy;
    }

    private static String key(String appId, String userId) {
        return appId + '\0' + userId;
    }

    @Override
    public synchronized CompletableFuture<StoredMessage> append(String appId, String userId, StoredMessage message) {
        StoredMessage stored = message.withSeq(nextSeq++);
        Deque<StoredMessage> q = byUser.computeIfAbsent(key(appId, userId), k -> new ArrayDeque<>());
        q.addLast(stored);
        while (q.size() > policy.maxPerUser()) {
            q.removeFirst();
        }
        return CompletableFuture.completedFuture(stored);
    }

    @Override
    public synchronized CompletableFuture<List<StoredMessage>> load(String appId, String userId) {
        Deque<StoredMessage> q = byUser.getOrDefault(key(appId, userId), new ArrayDeque<>());
        q.removeIf(policy::expired);
        return CompletableFuture.completedFuture(new ArrayList<>(q));
    }

    @Override
    public synchronized CompletableFuture<Void> remove(String appId, String userId, List<Long> seqs) {
        Set<Long> gone = new HashSet<>(seqs);
        Deque<StoredMessage> q = byUser.get(key(appId, userId));
        if (q != null) {
            q.removeIf(m -> gone.contains(m.seq()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Integer> purgeExpired() {
        int n = 0;
        for (Deque<StoredMessage> q : byUser.values()) {
            int before = q.size();
            q.removeIf(policy::expired);
            n += before - q.size();
        }
        return CompletableFuture.completedFuture(n);
    }

    @Override
    public synchronized CompletableFuture<Long> size() {
        return CompletableFuture.completedFuture(byUser.values().stream().mapToLong(Deque::size).sum());
    }

    @Override
    public synchronized long approximateSize() {
        return byUser.values().stream().mapToLong(Deque::size).sum();
    }

    @Override
    public void close() {
    }
}
