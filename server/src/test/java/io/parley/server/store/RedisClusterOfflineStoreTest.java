package io.parley.server.store;

import io.parley.server.cluster.TestRedisCluster;

/** The offline store contract on a real 3-master Redis Cluster. */
class RedisClusterOfflineStoreTest extends AbstractOfflineStoreContractTest {
    @Override
    protected OfflineStore create(StorePolicy policy) {
        return new RedisOfflineStore(TestRedisCluster.fresh(), policy);
    }
}
