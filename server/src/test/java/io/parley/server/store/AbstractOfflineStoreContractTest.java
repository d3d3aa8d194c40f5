package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules every {@link OfflineStore} keeps; run against each implementation. */
abstract class AbstractOfflineStoreContractTest {
    protected final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    protected final StorePolicy policy = new StorePolicy(5, Duration.ofDays(7), now::get);
    protected OfflineStore store;

    protected abstract OfflineStore create(StorePolicy policy) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = create(policy);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoredMessage msg(String text) {
        return new StoredMessage(0, "sender", 1, text, new byte[] {1, 2}, now.get(), now.get());
    }

    private List<String> texts(String app, String user) {
        return store.load(app, user).join().stream().map(StoredMessage::text).toList();
    }

    @Test
    void append_thenLoad_returnsMessagesInOrderWithAllFields() {
        store.append("app", "bob", msg("one")).join();
        StoredMessage two = store.append("app", "bob", msg("two")).join();
        List<StoredMessage> loaded = store.load("app", "bob").join();
        assertThat(loaded).extracting(StoredMessage::text).containsExactly("one", "two");
        assertThat(loaded.get(1).seq()).isEqualTo(two.seq()).isGreaterThan(loaded.get(0).seq());
        assertThat(loaded.get(1).raw()).containsExactly(1, 2);
        assertThat(loaded.get(1).fromUserId()).isEqualTo("sender");
        assertThat(loaded.get(1).serverReceivedTs()).isEqualTo(now.get());
    }

    @Test
    void approximateSize_countsStoredMessages() {
        assertThat(store.approximateSize()).isZero();
        store.append("app", "bob", msg("one")).join();
        store.append("app", "bob", msg("two")).join();
        store.append("app", "amy", msg("three")).join();
        assertThat(store.approximateSize()).isEqualTo(3);
    }

    @Test
    void usersAndApps_areSeparate() {
        store.append("app", "bob", msg("for bob")).join();
        store.append("app", "bo", msg("for bo")).join();
        store.append("other", "bob", msg("other app")).join();
        assertThat(texts("app", "bob")).containsExactly("for bob");
        assertThat(texts("app", "bo")).containsExactly("for bo");
        assertThat(texts("other", "bob")).containsExactly("other app");
    }

    @Test
    void overTheCap_newestWin() {
        for (int i = 1; i <= 7; i++) {
            store.append("app", "bob", msg("m" + i)).join();
        }
        assertThat(texts("app", "bob")).containsExactly("m3", "m4", "m5", "m6", "m7");
    }

    @Test
    void remove_deletesBySeq() {
        StoredMessage a = store.append("app", "bob", msg("a")).join();
        store.append("app", "bob", msg("b")).join();
        store.remove("app", "bob", List.of(a.seq(), 12345L)).join();
        assertThat(texts("app", "bob")).containsExactly("b");
    }

    @Test
    void expiredMessages_areNotReturned_andArePurged() {
        store.append("app", "bob", msg("old")).join();
        now.addAndGet(Duration.ofDays(7).toMillis() - 1000);
        store.append("app", "bob", msg("new")).join();
        now.addAndGet(2000);
        assertThat(texts("app", "bob")).containsExactly("new");
        store.append("app", "carol", msg("c")).join();
        now.addAndGet(Duration.ofDays(8).toMillis());
        assertThat(store.purgeExpired().join()).isEqualTo(2);
        assertThat(store.size().join()).isZero();
    }
}
