package io.parley.server.store;

import io.parley.server.cluster.RedisTarget;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The event feed contract on a real redis-server and on a real 3-master Redis Cluster: one buffer per app shared by every node. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisEventFeedTest extends AbstractEventFeedContractTest {
    private final RedisTarget redis;

    RedisEventFeedTest(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    protected EventFeed create(int capacity) {
        return new RedisEventFeed(redis.fresh(), capacity);
    }
}
