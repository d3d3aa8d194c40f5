package io.parley.server.store;

import io.parley.server.cluster.RedisTarget;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The history contract on a real redis-server and on a real 3-master Redis Cluster (cluster mode's store). */
class RedisMessageHistoryTest {
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

    abstract static class Contract extends AbstractMessageHistoryContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }

        @Override
        protected MessageHistory create(Duration retention, long maxPerApp) {
            return new RedisMessageHistory(redis.fresh(), retention, maxPerApp, now::get);
        }
    }
}
