package io.parley.server.store;

import io.parley.server.cluster.RedisTarget;
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
}
