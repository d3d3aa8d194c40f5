package io.parley.server.cluster;

import io.parley.server.attributes.UserAttributeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The user attribute contract on a real redis-server and on a real 3-master Redis Cluster. */
class RedisUserAttributesTest {
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

    abstract static class Contract extends AbstractUserAttributesContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }
        private RedisBackplane node;

        @AfterEach
        void stopNode() {
            node.close();
        }

        @Override
        protected UserDirectory directory() {
            return new RedisUserDirectory(redis.fresh());
        }

        @Override
        protected UserAttributeService.RemoteAttributes create(UserDirectory directory) {
            RedisConnector connector = redis.fresh();
            node = new RedisBackplane(connector, "n1", 200);
            node.start(m -> { }, () -> { });
            return new RedisUserAttributes(connector, directory, node);
        }
    }
}
