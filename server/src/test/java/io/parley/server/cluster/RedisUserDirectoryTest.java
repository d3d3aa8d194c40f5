package io.parley.server.cluster;

import org.junit.jupiter.api.Nested;

/** The user directory contract on a real redis-server and on a real 3-master Redis Cluster. */
class RedisUserDirectoryTest {
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

    abstract static class Contract extends AbstractUserDirectoryContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }

        @Override
        protected UserDirectory create() {
            return new RedisUserDirectory(redis.fresh());
        }
    }
}
