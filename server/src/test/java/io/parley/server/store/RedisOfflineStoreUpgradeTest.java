package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.RedisConnector;
import io.parley.server.cluster.RedisTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Upgrading a single Redis (earlier versions never ran on a Redis Cluster): the offline store moves the old layout. */
class RedisOfflineStoreUpgradeTest {
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final StorePolicy policy = new StorePolicy(5, Duration.ofDays(7), now::get);

    /** Messages an earlier version stored (one global sequence, keys without a hash tag) survive the upgrade. */
    @Test
    void messagesOfTheEarlierKeyLayout_areMovedAtStart_keepingTheirSeqs() {
        RedisConnector connector = RedisTarget.SINGLE.fresh();
        long at = now.get();
        byte[] payload = StoredMessageCodec.encode(new StoredMessage(0, "sender", 1, "old one", new byte[0], at, at));
        byte[] member = ("41:" + new String(payload, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        connector.async().zadd("parley:off:app:bob:smith", 41, member).toCompletableFuture().join();
        connector.async().pexpire("parley:off:app:bob:smith", 60_000).toCompletableFuture().join();
        connector.async().sadd("parley:off:users", "parley:off:app:bob:smith".getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture().join();

        OfflineStore upgraded = new RedisOfflineStore(connector, policy);

        List<StoredMessage> loaded = upgraded.load("app", "bob:smith").join();
        assertThat(loaded).extracting(StoredMessage::text).containsExactly("old one");
        assertThat(loaded.get(0).seq()).isEqualTo(41);
        assertThat(upgraded.append("app", "bob:smith", new StoredMessage(0, "sender", 1, "new one", new byte[0], at, at))
                .join().seq()).as("the recipient's sequence continues after the moved ones").isEqualTo(42);
        assertThat(connector.async().exists("parley:off:app:bob:smith").toCompletableFuture().join()).isZero();
        assertThat(upgraded.size().join()).isEqualTo(2);
    }
}
