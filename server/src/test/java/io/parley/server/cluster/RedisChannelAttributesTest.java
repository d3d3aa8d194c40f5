package io.parley.server.cluster;

import io.parley.server.channels.ChannelAttributeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisChannelAttributesTest extends AbstractSharedAttributesContractTest {
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
    protected ChannelAttributeService.SharedStore create() {
        connector.async().flushall().toCompletableFuture().join();
        return new RedisChannelAttributes(connector);
    }
}
