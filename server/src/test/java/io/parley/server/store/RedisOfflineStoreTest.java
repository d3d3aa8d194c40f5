package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.RedisConnector;
import io.parley.server.cluster.RedisTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The offline store contract on a real redis-server and on a real 3-master Redis Cluster (cluster mode's store). */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisOfflineStoreTest extends AbstractOfflineStoreContractTest {
    private final RedisTarget redis;

    RedisOfflineStoreTest(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    protected OfflineStore create(StorePolicy policy) {
        return new RedisOfflineStore(redis.fresh(), policy);
    }

    /** Messages an earlier version stored (one global sequence, keys without a hash tag) survive the upgrade. */
    @Test
    void messagesOfTheEarlierKeyLayout_areMovedAtStart_keepingTheirSeqs() {
        Assumptions.assumeTrue(redis == RedisTarget.SINGLE, "earlier versions ran on a single Redis only");
        RedisConnector connector = redis.fresh();
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
