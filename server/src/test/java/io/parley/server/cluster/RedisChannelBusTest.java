package io.parley.server.cluster;

import io.parley.server.channels.ChannelBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class RedisChannelBusTest extends AbstractChannelBusContractTest {
    private final List<RedisConnector> connectors = new ArrayList<>();

    @AfterEach
    void close() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected ChannelBus[] twoNodes() {
        TestRedis.fresh();
        RedisConnector a = new RedisConnector(TestRedis.uri());
        RedisConnector b = new RedisConnector(TestRedis.uri());
        connectors.add(a);
        connectors.add(b);
        return new ChannelBus[] {new RedisChannelBus(a, "node-a"), new RedisChannelBus(b, "node-b")};
    }
}
