package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RocksDbOfflineStoreTest extends AbstractOfflineStoreContractTest {
    private Path dir;

    @Override
    protected OfflineStore create(StorePolicy policy) throws Exception {
        dir = Files.createTempDirectory("parley-rocks");
        return new RocksDbOfflineStore(dir, policy);
    }

    @Test
    void reopen_keepsMessages_andNewSeqsKeepIncreasing() {
        StoredMessage first = store.append("app", "bob", new StoredMessage(0, "s", 1, "kept", new byte[0], 1, now.get()))
                .join();
        store.close();
        store = new RocksDbOfflineStore(dir, policy);
        StoredMessage second = store.append("app", "bob", new StoredMessage(0, "s", 1, "next", new byte[0], 1, now.get()))
                .join();
        assertThat(store.load("app", "bob").join()).extracting(StoredMessage::text).containsExactly("kept", "next");
        assertThat(second.seq()).isGreaterThan(first.seq());
    }

    @Test
    void concurrentAppends_areGroupCommitted_inOrder_withEachUsersCapKept() {
        java.util.List<java.util.concurrent.CompletableFuture<StoredMessage>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            all.add(store.append("app", "u" + (i % 10), new StoredMessage(0, "s", 1, "m" + i, new byte[0], 1, now.get())));
        }
        java.util.List<Long> seqs = all.stream().map(f -> f.join().seq()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        for (int u = 0; u < 10; u++) {
            // the 5 newest of user u's 200 (policy: 5 per user)
            int user = u;
            assertThat(store.load("app", "u" + u).join()).extracting(StoredMessage::text)
                    .containsExactly(java.util.stream.IntStream.of(1950, 1960, 1970, 1980, 1990)
                            .mapToObj(i -> "m" + (i + user)).toArray(String[]::new));
        }
    }

    @Test
    void aFullAppendQueue_failsNewAppendsAtOnce_insteadOfGrowingTheHeap() throws Exception {
        store.close();
        store = new RocksDbOfflineStore(dir, policy, 10);
        int busy = 0;
        java.util.List<java.util.concurrent.CompletableFuture<StoredMessage>> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            java.util.concurrent.CompletableFuture<StoredMessage> f = store.append("app", "flood" + (i % 1000),
                    new StoredMessage(0, "s", 1, "m", new byte[0], 1, now.get()));
            if (f.isCompletedExceptionally()) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(f::join))
                        .hasCauseInstanceOf(RocksDbOfflineStore.StoreBusyException.class);
                busy++;
            } else {
                accepted.add(f);
            }
        }
        assertThat(busy).isPositive();
        accepted.forEach(java.util.concurrent.CompletableFuture::join); // what was accepted is stored
    }

    @Test
    void close_finishesAcceptedAppends_beforeClosingTheDatabase() {
        java.util.List<java.util.concurrent.CompletableFuture<StoredMessage>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(store.append("app", "c" + (i % 100), new StoredMessage(0, "s", 1, "m" + i, new byte[0], 1, now.get())));
        }
        store.close(); // at once: appends still queued
        assertThat(all).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(store.append("app", "late", new StoredMessage(0, "s", 1, "x", new byte[0], 1, now.get())))
                .isCompletedExceptionally();
        store = new RocksDbOfflineStore(dir, policy);
        assertThat(store.size().join()).isEqualTo(500);
    }

    @Test
    void eachAppsBytes_areCapped_andFreedAgainByRemovals() throws Exception {
        store.close();
        RocksDbOfflineStore capped = new RocksDbOfflineStore(dir, policy, 10_000, 4_000);
        store = capped;
        byte[] kilobyte = new byte[1_000];
        java.util.List<StoredMessage> kept = new java.util.ArrayList<>();
        Throwable refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            try {
                kept.add(store.append("big", "u" + i, new StoredMessage(0, "s", 2, "", kilobyte, 1, now.get())).join());
            } catch (java.util.concurrent.CompletionException e) {
                refused = e.getCause();
            }
        }
        assertThat(refused).isInstanceOf(RocksDbOfflineStore.StoreFullException.class);
        assertThat(kept).hasSizeBetween(2, 4);
        assertThat(capped.bytesOf("big").join()).isLessThanOrEqualTo(4_000);
        // another app is not affected
        store.append("small", "u", new StoredMessage(0, "s", 2, "", kilobyte, 1, now.get())).join();
        // removing delivered messages frees the app's room
        store.remove("big", "u0", java.util.List.of(kept.get(0).seq())).join();
        store.append("big", "again", new StoredMessage(0, "s", 2, "", kilobyte, 1, now.get())).join();

        // the count survives a restart
        long before = capped.bytesOf("big").join();
        store.close();
        capped = new RocksDbOfflineStore(dir, policy, 10_000, 4_000);
        store = capped;
        assertThat(capped.bytesOf("big").join()).isEqualTo(before);
    }
}
