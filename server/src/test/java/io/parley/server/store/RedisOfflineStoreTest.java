package io.parley.server.store;

import io.parley.server.cluster.RedisOfflineStore;
import io.parley.server.cluster.TestRedis;

/** The offline store contract on a real redis-server (cluster mode's store). */
class RedisOfflineStoreTest extends AbstractOfflineStoreContractTest {
    @Override
    protected OfflineStore create(StorePolicy policy) {
        return new RedisOfflineStore(TestRedis.fresh(), policy);
    }
}
