package io.parley.server.cluster;

import io.parley.server.channels.ChannelAttributeService;
import org.junit.jupiter.api.Nested;

/** The shared channel attribute contract on a real redis-server and on a real 3-master Redis Cluster. */
class RedisChannelAttributesTest {
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

    abstract static class Contract extends AbstractSharedAttributesContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }

        @Override
        protected ChannelAttributeService.SharedStore create() {
            return new RedisChannelAttributes(redis.fresh());
        }
    }
}
