package io.parley.server.store;

import io.parley.server.cluster.TestRedis;

/** The event feed contract on a real redis-server: one buffer per app shared by every node. */
class RedisEventFeedTest extends AbstractEventFeedContractTest {
    @Override
    protected EventFeed create(int capacity) {
        return new RedisEventFeed(TestRedis.fresh(), capacity);
    }
}
