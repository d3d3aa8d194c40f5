package io.parley.server.store;

import io.parley.server.cluster.RedisConnector;
import io.parley.server.cluster.RedisOfflineStore;
import io.parley.server.cluster.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The offline store contract on a real redis-server (cluster mode's store). */
class RedisOfflineStoreTest extends AbstractOfflineStoreContractTest {
    private static RedisProcess redis;
    private static RedisConnector connector;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisProcess();
        connector = new RedisConnector(redis.uri());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        connector.close();
        redis.close();
    }

    @Override
    protected OfflineStore create(StorePolicy policy) {
        connector.async().flushall().toCompletableFuture().join(); // each test starts empty
        return new RedisOfflineStore(connector, policy);
    }
}
