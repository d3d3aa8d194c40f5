package io.parley.server.cluster;

/**
 * One real redis-server for all the Redis contract tests of a test JVM (stopped when it exits):
 * {@link #fresh()} hands out a shared connection to an emptied Redis, {@link #uri()} lets a test
 * open per-node connections of its own.
 */
public final class TestRedis {
    private static RedisProcess redis;
    private static RedisConnector shared;

    private TestRedis() {
    }

    public static synchronized String uri() {
        if (redis == null) {
            try {
                redis = new RedisProcess();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot start redis-server (installed by .ci/run)", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stop, "test-redis-stop"));
        }
        return redis.uri();
    }

    /** The redis-server itself (started on first use). */
    public static synchronized RedisProcess process() {
        uri();
        return redis;
    }

    /** The shared connection, to a Redis emptied just now. */
    public static synchronized RedisConnector fresh() {
        if (shared == null) {
            shared = new RedisConnector(uri());
        }
        shared.async().flushall().toCompletableFuture().join();
        return shared;
    }

    private static synchronized void stop() {
        try {
            if (shared != null) {
                shared.close();
            }
            redis.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
