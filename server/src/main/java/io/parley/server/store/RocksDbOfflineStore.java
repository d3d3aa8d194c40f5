package io.parley.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link OfflineStore} on an embedded RocksDB under {@code <data-dir>/offline}. Writes are synced
 * (WAL fsync) before their future completes, so a message answered CACHED_BY_SERVER survives a
 * SIGKILL or power loss. All RocksDB calls run on one store thread, which also gives per-user
 * ordering. Key: {@code appId 0x00 userId 0x00 seq(8 bytes, big-endian)} — a user's messages are
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
    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;
    private final ExecutorService thread;
    private long lastSeq;

    public RocksDbOfflineStore(Path dataDir, StorePolicy policy) {
        this.policy = policy;
        Path dir = dataDir.resolve("offline");
        try {
            Files.createDirectories(dir);
            this.options = new Options().setCreateIfMissing(true);
            this.db = RocksDB.open(options, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open offline store at " + dir + ": " + e.getMessage(), e);
        }
        this.syncWrites = new WriteOptions().setSync(true);
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                lastSeq = Math.max(lastSeq, seqOf(it.key()));
            }
        }
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-offline-store");
            t.setDaemon(true);
            return t;
        });
    }

    private <T> CompletableFuture<T> run(Supplier<T> op) {
        return CompletableFuture.supplyAsync(op, thread);
    }

    @Override
    public CompletableFuture<StoredMessage> append(String appId, String userId, StoredMessage message) {
        return run(() -> {
            lastSeq = Math.max(lastSeq + 1, policy.nowMillis().getAsLong() << 10);
            StoredMessage stored = message.withSeq(lastSeq);
            byte[] prefix = prefix(appId, userId);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(key(prefix, stored.seq()), StoredMessageCodec.encode(stored));
                List<byte[]> existing = keys(prefix);
                int excess = existing.size() + 1 - policy.maxPerUser();
                for (int i = 0; i < excess && i < existing.size(); i++) {
                    batch.delete(existing.get(i)); // oldest first: newest win
                }
                db.write(syncWrites, batch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("offline append failed: " + e.getMessage(), e);
            }
            return stored;
        });
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

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
        syncWrites.close();
        options.close();
    }

    private void delete(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (byte[] k : keys) {
                batch.delete(k);
            }
            db.write(syncWrites, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("offline delete failed: " + e.getMessage(), e);
        }
    }

    private List<byte[]> keys(byte[] prefix) {
        List<byte[]> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                out.add(it.key());
            }
        }
        return out;
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
