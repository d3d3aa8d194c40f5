package io.parley.server.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisUserDirectoryTest extends AbstractUserDirectoryContractTest {
    private static RedisProcess redis;
    private static RedisConnector connector;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisProcess();
        connector = new RedisConnector(redis.uri());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        connector.close();
        redis.close();
    }

    @Override
    protected UserDirectory create() {
        connector.async().flushall().toCompletableFuture().join();
        return new RedisUserDirectory(connector);
    }
}
