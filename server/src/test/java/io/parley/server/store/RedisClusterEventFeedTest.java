package io.parley.server.store;

import io.parley.server.cluster.TestRedisCluster;

/** The event feed contract on a real redis-server: one buffer per app shared by every node. */
class RedisClusterEventFeedTest extends AbstractEventFeedContractTest {
    @Override
    protected EventFeed create(int capacity) {
        return new RedisEventFeed(TestRedisCluster.fresh(), capacity);
    }
}
