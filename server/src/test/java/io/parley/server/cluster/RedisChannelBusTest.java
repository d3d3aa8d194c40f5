package io.parley.server.cluster;

import io.parley.server.channels.ChannelBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The channel bus contract on a real redis-server and on a real 3-master Redis Cluster, each node with its own connections. */
class RedisChannelBusTest {
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

    abstract static class Contract extends AbstractChannelBusContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }
        private final List<RedisConnector> connectors = new ArrayList<>();

        @AfterEach
        void close() {
            connectors.forEach(RedisConnector::close);
        }

        @Override
        protected ChannelBus[] twoNodes() {
            redis.fresh();
            RedisConnector a = redis.connect();
            RedisConnector b = redis.connect();
            connectors.add(a);
            connectors.add(b);
            return new ChannelBus[] {new RedisChannelBus(a, "node-a"), new RedisChannelBus(b, "node-b")};
        }
    }
}
