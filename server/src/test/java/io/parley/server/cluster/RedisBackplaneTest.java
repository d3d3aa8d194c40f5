package io.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The backplane contract on a real redis-server and on a real 3-master Redis Cluster (sharded pub/sub), each node with its own connections, as in production. */
class RedisBackplaneTest {
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

    abstract static class Contract extends AbstractBackplaneContractTest {
        private final RedisTarget redis;

        Contract(RedisTarget redis) {
            this.redis = redis;
        }
        private final List<RedisConnector> connectors = new ArrayList<>();

        @AfterEach
        void closeConnections() {
            connectors.forEach(RedisConnector::close);
        }

        @Override
        protected Backplane node(String nodeId) {
            RedisConnector c = redis.connect();
            connectors.add(c);
            return new RedisBackplane(c, nodeId, 200);
        }
    }
}
