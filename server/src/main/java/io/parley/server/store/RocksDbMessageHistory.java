package io.parley.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link MessageHistory} on an embedded RocksDB under {@code <data-dir>/history}, synced writes.
 * Each record is stored once under {@code r app ms seq} and indexed by sender ({@code s}),
 * destination ({@code d}) and the pair ({@code b}), all ordered by time, so a query walks only
 * the index range it selects. Every RocksDB call runs on the store's own thread (appends queue
 * behind each other and a query sees every append queued before it); at most
 * {@value #MAX_QUEUED} operations wait, beyond that a call fails at once.
 */
public final class RocksDbMessageHistory implements MessageHistory {
    static {
        RocksDB.loadLibrary();
    }

    private static final int MAX_QUEUED = 10_000;
    private static final byte RECORD = 'r';
    private static final byte BY_SOURCE = 's';
    private static final byte BY_DESTINATION = 'd';
    private static final byte BY_PAIR = 'b';

    private final RocksDbFiles files;
    private final RocksDB db;
    private final WriteOptions syncWrites = new WriteOptions().setSync(true);
    private final ThreadPoolExecutor thread;
    private final Duration retention;
    private final long maxPerApp;
    private final LongSupplier clock;
    /** Records per app; touched on the store thread only. */
    private final Map<String, Long> counts = new HashMap<>();
    private long lastSeq;
    private volatile boolean closed;

    public RocksDbMessageHistory(Path dataDir, Duration retention, long maxPerApp, LongSupplier clockMillis) {
        this.retention = retention;
        this.maxPerApp = maxPerApp;
        this.clock = clockMillis;
        this.files = RocksDbFiles.open(dataDir, "history", "message history");
        this.db = files.db();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {RECORD}); it.isValid() && it.key()[0] == RECORD; it.next()) {
                byte[] k = it.key();
                counts.merge(appOf(k), 1L, Long::sum);
                lastSeq = Math.max(lastSeq, ByteBuffer.wrap(k, k.length - 8, 8).getLong());
            }
        }
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "parley-history-store");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Void> append(String appId, HistoryRecord r) {
        return submit(() -> {
            long seq = ++lastSeq;
            byte[] tail = tail(r.ms(), seq);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(key(RECORD, appId, null, null, tail), HistoryRecordCodec.encode(r));
                batch.put(key(BY_SOURCE, appId, r.source(), null, tail), new byte[0]);
                batch.put(key(BY_DESTINATION, appId, r.destination(), null, tail), new byte[0]);
                batch.put(key(BY_PAIR, appId, r.source(), r.destination(), tail), new byte[0]);
                db.write(syncWrites, batch);
            }
            long n = counts.merge(appId, 1L, Long::sum);
            if (n > maxPerApp) {
                removeOldest(appId, n - maxPerApp, Long.MAX_VALUE);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<List<HistoryRecord>> query(String appId, HistoryFilter f, int offset, int limit,
                                                        boolean descending) {
        return submit(() -> {
            List<byte[]> tails = new ArrayList<>();
            walk(appId, f, descending, offset, limit, tails);
            List<byte[]> keys = new ArrayList<>(tails.size());
            for (byte[] t : tails) {
                keys.add(key(RECORD, appId, null, null, t));
            }
            List<HistoryRecord> out = new ArrayList<>(keys.size());
            if (keys.isEmpty()) {
                return out; // multiGetAsList refuses an empty list
            }
            for (byte[] v : db.multiGetAsList(keys)) {
                HistoryRecord r = v == null ? null : HistoryRecordCodec.decode(v);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<Long> count(String appId, HistoryFilter f) {
        return submit(() -> (long) walk(appId, f, false, 0, Integer.MAX_VALUE, null));
    }

    @Override
    public CompletableFuture<Long> purge() {
        return submit(() -> {
            long removed = 0;
            long cutoff = clock.getAsLong() - retention.toMillis();
            for (String app : new ArrayList<>(counts.keySet())) {
                removed += removeOldest(app, Long.MAX_VALUE, cutoff);
                long over = counts.getOrDefault(app, 0L) - maxPerApp;
                if (over > 0) {
                    removed += removeOldest(app, over, Long.MAX_VALUE);
                }
            }
            return removed;
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                return; // a write stuck for 30 s: leave the database open rather than free it under the writer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        files.close();
        syncWrites.close();
    }

    // ------------------------------------------------------------------------------ store thread

    /** Walks the index {@code f} selects; adds the matching keys' tails to {@code out} (if given); returns how many. */
    private int walk(String appId, HistoryFilter f, boolean descending, int offset, int limit, List<byte[]> out) {
        byte[] prefix = f.source() != null && f.destination() != null ? key(BY_PAIR, appId, f.source(), f.destination(), null)
                : f.source() != null ? key(BY_SOURCE, appId, f.source(), null, null)
                : key(BY_DESTINATION, appId, f.destination(), null, null);
        byte[] from = concat(prefix, tail(f.fromMs(), 0));
        byte[] to = concat(prefix, tail(f.toMs(), Long.MAX_VALUE));
        int skipped = 0;
        int taken = 0;
        try (RocksIterator it = db.newIterator()) {
            if (descending) {
                it.seekForPrev(to);
            } else {
                it.seek(from);
            }
            while (it.isValid() && taken < limit) {
                byte[] k = it.key();
                if (Arrays.compareUnsigned(k, from) < 0 || Arrays.compareUnsigned(k, to) > 0) {
                    break;
                }
                if (skipped < offset) {
                    skipped++;
                } else {
                    taken++;
                    if (out != null) {
                        out.add(Arrays.copyOfRange(k, k.length - 16, k.length));
                    }
                }
                if (descending) {
                    it.prev();
                } else {
                    it.next();
                }
            }
        }
        return taken;
    }

    /** Deletes up to {@code max} of the app's oldest records received before {@code beforeMs}, with their index entries. */
    private long removeOldest(String appId, long max, long beforeMs) throws RocksDBException {
        byte[] prefix = key(RECORD, appId, null, null, null);
        long removed = 0;
        try (RocksIterator it = db.newIterator(); WriteBatch batch = new WriteBatch()) {
            for (it.seek(prefix); it.isValid() && removed < max; it.next()) {
                byte[] k = it.key();
                if (!startsWith(k, prefix)) {
                    break;
                }
                byte[] tail = Arrays.copyOfRange(k, k.length - 16, k.length);
                if (ByteBuffer.wrap(tail).getLong() >= beforeMs) {
                    break;
                }
                batch.delete(k);
                HistoryRecord r = HistoryRecordCodec.decode(it.value());
                if (r != null) {
                    batch.delete(key(BY_SOURCE, appId, r.source(), null, tail));
                    batch.delete(key(BY_DESTINATION, appId, r.destination(), null, tail));
                    batch.delete(key(BY_PAIR, appId, r.source(), r.destination(), tail));
                }
                removed++;
            }
            if (removed > 0) {
                db.write(syncWrites, batch);
                counts.merge(appId, -removed, Long::sum);
            }
        }
        return removed;
    }

    private interface StoreOp<T> {
        T run() throws RocksDBException;
    }

    private <T> CompletableFuture<T> submit(StoreOp<T> op) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("message history closed"));
            return f;
        }
        try {
            thread.execute(() -> {
                try {
                    f.complete(op.run());
                } catch (RocksDBException | RuntimeException | Error e) {
                    f.completeExceptionally(e); // never a caller left waiting
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(closed ? new IllegalStateException("message history closed")
                    : new IllegalStateException("message history busy: " + MAX_QUEUED + " operations queued"));
        }
        return f;
    }

    // ------------------------------------------------------------------------------------ keys

    /** {@code kind app \0 [a \0] [b \0] [tail]}: ids never contain \0, so prefixes never overlap. */
    private static byte[] key(byte kind, String appId, String a, String b, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(kind);
        out.writeBytes(appId.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        if (a != null) {
            out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        if (b != null) {
            out.writeBytes(b.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        if (tail != null) {
            out.writeBytes(tail);
        }
        return out.toByteArray();
    }

    /** Time then sequence, big-endian, so keys sort by receive time. */
    private static byte[] tail(long ms, long seq) {
        return ByteBuffer.allocate(16).putLong(ms).putLong(seq).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean startsWith(byte[] k, byte[] prefix) {
        return k.length >= prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String appOf(byte[] recordKey) {
        int end = 1;
        while (end < recordKey.length && recordKey[end] != 0) {
            end++;
        }
        return new String(recordKey, 1, end - 1, StandardCharsets.UTF_8);
    }
}
