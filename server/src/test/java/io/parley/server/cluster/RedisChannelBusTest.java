package io.parley.server.cluster;

import io.parley.server.channels.ChannelBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

class RedisChannelBusTest extends AbstractChannelBusContractTest {
    private static RedisProcess redis;
    private final List<RedisConnector> connectors = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisProcess();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void close() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected ChannelBus[] twoNodes() {
        RedisConnector a = new RedisConnector(redis.uri());
        RedisConnector b = new RedisConnector(redis.uri());
        connectors.add(a);
        connectors.add(b);
        a.async().flushall().toCompletableFuture().join();
        return new ChannelBus[] {new RedisChannelBus(a, "node-a"), new RedisChannelBus(b, "node-b")};
    }
}
