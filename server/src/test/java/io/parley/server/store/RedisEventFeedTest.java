package io.parley.server.store;

import io.parley.server.cluster.RedisTarget;
import org.junit.jupiter.api.Nested;

/** The event feed contract on a real redis-server and on a real 3-master Redis Cluster: one buffer per app shared by every node. */
class RedisEventFeedTest {
    @Nested
    class OnRedis extends Contract {
        OnRedis() {
            super(RedisTarget.SINGLE);
        }
    }

    @Nested
    class OnRedisCluster extends Contract {
        OnRedisCluster() {
            super(RedisTarget.CLUSTER);
        }
    }

    abstract static class Contract extends AbstractEventFeedContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }

        @Override
        protected EventFeed create(int capacity) {
            return new RedisEventFeed(redis.fresh(), capacity);
        }
    }
}
