package io.parley.server.store;

import io.parley.server.cluster.TestRedisCluster;
import java.time.Duration;

/** The history contract on a real 3-master Redis Cluster. */
class RedisClusterMessageHistoryTest extends AbstractMessageHistoryContractTest {
    @Override
    protected MessageHistory create(Duration retention, long maxPerApp) {
        return new RedisMessageHistory(TestRedisCluster.fresh(), retention, maxPerApp, now::get);
    }
}
