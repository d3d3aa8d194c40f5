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
}
