package io.parley.server.cluster;

/**
 * One real 3-master Redis Cluster for all the Redis Cluster contract tests of a test JVM (stopped
 * when it exits), as {@link TestRedis} is for a single Redis.
 */
public final class TestRedisCluster {
    private static RedisClusterProcess cluster;
    private static RedisConnector shared;

    private TestRedisCluster() {
    }

    public static synchronized RedisClusterProcess process() {
        if (cluster == null) {
            try {
                cluster = new RedisClusterProcess();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot start a Redis Cluster (redis-server installed by .ci/run)", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedisCluster::stop, "test-redis-cluster-stop"));
        }
        return cluster;
    }

    /** A new connector of its own (one per simulated node), closed by the caller. */
    public static RedisConnector connect() {
        return RedisConnector.cluster(process().seeds(), null);
    }

    /** The shared connector, to a Redis Cluster emptied just now (every master flushed). */
    public static synchronized RedisConnector fresh() {
        if (shared == null) {
            shared = connect();
        }
        shared.async().flushall().toCompletableFuture().join();
        return shared;
    }

    private static synchronized void stop() {
        try {
            if (shared != null) {
                shared.close();
            }
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
