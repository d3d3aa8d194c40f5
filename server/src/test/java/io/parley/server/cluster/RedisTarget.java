package io.parley.server.cluster;

import java.io.IOException;

/** Where a Redis contract test runs: one redis-server, or a 3-master Redis Cluster. */
public enum RedisTarget {
    SINGLE {
        @Override
        public RedisConnector fresh() {
            return TestRedis.fresh();
        }

        @Override
        public RedisConnector connect() {
            return new RedisConnector(TestRedis.uri());
        }

        @Override
        public void dropPubSubConnections() throws IOException {
            TestRedis.process().dropPubSubConnections();
        }
    },
    CLUSTER {
        @Override
        public RedisConnector fresh() {
            return TestRedisCluster.fresh();
        }

        @Override
        public RedisConnector connect() {
            return TestRedisCluster.connect();
        }

        @Override
        public void dropPubSubConnections() throws IOException {
            TestRedisCluster.process().dropPubSubConnections();
        }
    };

    /** The shared connector, to a Redis emptied just now. */
    public abstract RedisConnector fresh();

    /** A connector of its own (one per simulated node), closed by the caller. */
    public abstract RedisConnector connect();

    /** Redis closes every pub/sub connection (as a restarted Redis would have), and stays up. */
    public abstract void dropPubSubConnections() throws IOException;
}
