package io.parley.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link OfflineStore} on an embedded RocksDB under {@code <data-dir>/offline}. Writes are synced
 * (WAL fsync) before their future completes, so a message answered CACHED_BY_SERVER survives a
 * SIGKILL or power loss. All RocksDB calls run on one store thread, which also gives per-user
 * ordering. Appends waiting on that thread are bounded ({@code maxQueuedAppends}; past it an append
 * fails at once with {@link StoreBusyException}, never growing the heap), and consecutive appends
 * are committed together: one synced write for up to {@value #GROUP_COMMIT} of them. Each app's
 * stored bytes are counted and capped ({@code maxBytesPerApp}; past it an append fails with
 * {@link StoreFullException}). Key: {@code appId 0x00 userId 0x00 seq(8 bytes, big-endian)} — a user's messages are
 * one contiguous, ordered range. App and user ids never contain 0x00 (identifier rules).
 *
 * <p>Seqs are {@code max(previous + 1, nowMillis << 10)}, where "previous" starts at the highest
 * seq on disk, so they keep increasing across restarts whatever the wall clock does.
 */
public final class RocksDbOfflineStore implements OfflineStore {
    static {
        RocksDB.loadLibrary();
    }

    private final StorePolicy policy;
    private final RocksDbFiles files;
    private final RocksDB db;
    static final int GROUP_COMMIT = 256;
    private final WriteOptions syncWrites;
    private final LinkedBlockingQueue<Task<?>> tasks = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedAppends = new AtomicInteger();
    private final int maxQueuedAppends;
    private final long maxBytesPerApp;
    /** Bytes (keys and values) each app holds; touched on the store thread only. */
    private final Map<String, Long> appBytes = new HashMap<>();
    private final Thread thread;
    private volatile boolean closing;
    private long lastSeq;

    /** One unit of work for the store thread; appends carry their message so they can be grouped. */
    private static final class Task<T> {
        final Supplier<T> op;
        final Append append;
        final CompletableFuture<T> done = new CompletableFuture<>();

        Task(Supplier<T> op, Append append) {
            this.op = op;
            this.append = append;
        }
    }

    private record Append(String appId, String userId, StoredMessage message) {
    }

    /** The app already holds {@code maxBytesPerApp} of offline messages. */
    public static final class StoreFullException extends RuntimeException {
        StoreFullException(String appId) {
            super("offline store full for app " + appId, null, false, false);
        }
    }

    private record Entry(byte[] key, int bytes) {
    }

    /** The store thread has {@code maxQueuedAppends} appends waiting: shed load rather than queue more. */
    public static final class StoreBusyException extends RuntimeException {
        StoreBusyException(int queued) {
            super("offline store busy: " + queued + " appends waiting", null, false, false);
        }
    }

    public RocksDbOfflineStore(Path dataDir, StorePolicy policy) {
        this(dataDir, policy, 10_000, 1L << 30);
    }

    public RocksDbOfflineStore(Path dataDir, StorePolicy policy, int maxQueuedAppends) {
        this(dataDir, policy, maxQueuedAppends, 1L << 30);
    }

    /**
     * @param maxQueuedAppends appends that may wait for the store thread
     * @param maxBytesPerApp   bytes of offline messages one app may hold
     */
    public RocksDbOfflineStore(Path dataDir, StorePolicy policy, int maxQueuedAppends, long maxBytesPerApp) {
        this.policy = policy;
        this.maxQueuedAppends = maxQueuedAppends;
        this.maxBytesPerApp = maxBytesPerApp;
        this.files = RocksDbFiles.open(dataDir, "offline", "offline store");
        this.db = files.db();
        this.syncWrites = new WriteOptions().setSync(true);
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                lastSeq = Math.max(lastSeq, seqOf(it.key()));
                appBytes.merge(appOf(it.key()), (long) it.key().length + it.value().length, Long::sum);
            }
        }
        this.thread = new Thread(this::work, "parley-offline-store");
        thread.setDaemon(true);
        thread.start();
    }

    private <T> CompletableFuture<T> run(Supplier<T> op) {
        if (closing) {
            return failed(new IllegalStateException("offline store closed"));
        }
        Task<T> t = new Task<>(op, null);
        tasks.add(t);
        return t.done;
    }

    private static <T> CompletableFuture<T> failed(Throwable e) {
        CompletableFuture<T> f = new CompletableFuture<>();
        f.completeExceptionally(e);
        return f;
    }

    @Override
    public CompletableFuture<StoredMessage> append(String appId, String userId, StoredMessage message) {
        if (closing) {
            return failed(new IllegalStateException("offline store closed"));
        }
        int queued = queuedAppends.incrementAndGet();
        if (queued > maxQueuedAppends) {
            queuedAppends.decrementAndGet();
            return failed(new StoreBusyException(queued - 1));
        }
        Task<StoredMessage> t = new Task<>(null, new Append(appId, userId, message));
        tasks.add(t);
        return t.done;
    }

    /** The store thread: tasks in order; a run of consecutive appends is one synced write. */
    private void work() {
        List<Task<?>> group = new ArrayList<>();
        Task<?> next = null;
        while (true) {
            try {
                Task<?> t = next != null ? next : tasks.poll(100, TimeUnit.MILLISECONDS);
                next = null;
                if (t == null) {
                    if (closing && tasks.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (t.append == null) {
                    runOne(t);
                    continue;
                }
                group.add(t);
                while (group.size() < GROUP_COMMIT) {
                    Task<?> more = tasks.poll();
                    if (more == null) {
                        break;
                    }
                    if (more.append == null) {
                        next = more; // runs after this group, in order
                        break;
                    }
                    group.add(more);
                }
                commit(group);
                group.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static <T> void runOne(Task<T> t) {
        try {
            t.done.complete(t.op.get());
        } catch (RuntimeException e) {
            t.done.completeExceptionally(e);
        }
    }

    /**
     * Appends a group in one synced batch; each user keeps at most maxPerUser (oldest dropped), each
     * app at most maxBytesPerApp (an append past it fails alone).
     */
    @SuppressWarnings("unchecked")
    private void commit(List<Task<?>> group) {
        queuedAppends.addAndGet(-group.size());
        StoredMessage[] stored = new StoredMessage[group.size()];
        Map<String, List<Entry>> entriesByUser = new HashMap<>();
        Map<String, Long> before = new HashMap<>(appBytes);
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < group.size(); i++) {
                Append a = group.get(i).append;
                lastSeq = Math.max(lastSeq + 1, policy.nowMillis().getAsLong() << 10);
                StoredMessage m = a.message().withSeq(lastSeq);
                byte[] prefix = prefix(a.appId(), a.userId());
                byte[] key = key(prefix, m.seq());
                byte[] value = StoredMessageCodec.encode(m);
                int bytes = key.length + value.length;
                if (appBytes.getOrDefault(a.appId(), 0L) + bytes > maxBytesPerApp) {
                    continue; // stored[i] stays null: this append fails, the others go on
                }
                stored[i] = m;
                List<Entry> entries = entriesByUser.computeIfAbsent(a.appId() + '\0' + a.userId(), u -> entries(prefix));
                batch.put(key, value);
                entries.add(new Entry(key, bytes));
                appBytes.merge(a.appId(), (long) bytes, Long::sum);
                while (entries.size() > policy.maxPerUser()) {
                    Entry oldest = entries.remove(0); // oldest first: newest win
                    batch.delete(oldest.key());
                    appBytes.merge(a.appId(), (long) -oldest.bytes(), Long::sum);
                }
            }
            db.write(syncWrites, batch);
        } catch (RocksDBException | RuntimeException e) {
            appBytes.clear();
            appBytes.putAll(before); // nothing of the group was written
            IllegalStateException failure = new IllegalStateException("offline append failed: " + e.getMessage(), e);
            group.forEach(t -> t.done.completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Task<StoredMessage> t = (Task<StoredMessage>) group.get(i);
            if (stored[i] != null) {
                t.done.complete(stored[i]);
            } else {
                t.done.completeExceptionally(new StoreFullException(t.append.appId()));
            }
        }
    }

    /** The bytes an app holds (for tests). */
    CompletableFuture<Long> bytesOf(String appId) {
        return run(() -> appBytes.getOrDefault(appId, 0L));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> load(String appId, String userId) {
        return run(() -> {
            byte[] prefix = prefix(appId, userId);
            List<StoredMessage> out = new ArrayList<>();
            List<byte[]> expired = new ArrayList<>();
            try (RocksIterator it = db.newIterator()) {
                for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                    StoredMessage m = StoredMessageCodec.decode(seqOf(it.key()), it.value());
                    if (policy.expired(m)) {
                        expired.add(it.key());
                    } else {
                        out.add(m);
                    }
                }
            }
            delete(expired);
            return out;
        });
    }

    @Override
    public CompletableFuture<Void> remove(String appId, String userId, List<Long> seqs) {
        return run(() -> {
            byte[] prefix = prefix(appId, userId);
            delete(seqs.stream().map(s -> key(prefix, s)).toList());
            return null;
        });
    }

    @Override
    public CompletableFuture<Integer> purgeExpired() {
        return run(() -> {
            List<byte[]> expired = new ArrayList<>();
            try (RocksIterator it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (policy.expired(StoredMessageCodec.decode(seqOf(it.key()), it.value()))) {
                        expired.add(it.key());
                    }
                }
            }
            delete(expired);
            return expired.size();
        });
    }

    @Override
    public CompletableFuture<Long> size() {
        return run(() -> {
            long n = 0;
            try (RocksIterator it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public long approximateSize() {
        try {
            return db.getLongProperty("rocksdb.estimate-num-keys");
        } catch (RocksDBException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes of live data on disk and in memory (RocksDB's estimates), for the gauge. */
    @Override
    public long approximateBytes() {
        try {
            return db.getLongProperty("rocksdb.estimate-live-data-size")
                    + db.getLongProperty("rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Finishes every write already accepted (so each CACHED_BY_SERVER answered holds), refuses new
     * ones, waits for the store thread to end, then closes the database — never under a write.
     */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // a write stuck for 30 s: leave the database open rather than free it under the writer
            return;
        }
        files.close();
        syncWrites.close();
    }

    private void delete(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Map<String, Long> freed = new HashMap<>();
        java.util.Set<byte[]> unique = new java.util.TreeSet<>(Arrays::compare);
        unique.addAll(keys);
        try (WriteBatch batch = new WriteBatch()) {
            for (byte[] k : unique) {
                byte[] v = db.get(k);
                if (v != null) {
                    freed.merge(appOf(k), (long) k.length + v.length, Long::sum);
                    batch.delete(k);
                }
            }
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("offline delete failed: " + e.getMessage(), e);
        }
        freed.forEach((app, bytes) -> appBytes.merge(app, -bytes, Long::sum));
    }

    private List<Entry> entries(byte[] prefix) {
        List<Entry> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                out.add(new Entry(it.key(), it.key().length + it.value().length));
            }
        }
        return out;
    }

    /** The app id of a key: everything before its first 0x00. */
    private static String appOf(byte[] key) {
        int end = 0;
        while (end < key.length && key[end] != 0) {
            end++;
        }
        return new String(key, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] prefix(String appId, String userId) {
        byte[] a = appId.getBytes(StandardCharsets.UTF_8);
        byte[] u = userId.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[a.length + u.length + 2];
        System.arraycopy(a, 0, p, 0, a.length);
        System.arraycopy(u, 0, p, a.length + 1, u.length);
        return p;
    }

    private static byte[] key(byte[] prefix, long seq) {
        return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(seq).array();
    }

    private static long seqOf(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length == prefix.length + 8 && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

}
