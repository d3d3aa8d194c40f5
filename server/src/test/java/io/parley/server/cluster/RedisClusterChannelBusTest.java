package io.parley.server.cluster;

import io.parley.server.channels.ChannelBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The channel bus contract on a real 3-master Redis Cluster. */
class RedisClusterChannelBusTest extends AbstractChannelBusContractTest {
    private final List<RedisConnector> connectors = new ArrayList<>();

    @AfterEach
    void close() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected ChannelBus[] twoNodes() {
        TestRedisCluster.fresh();
        RedisConnector a = TestRedisCluster.connect();
        RedisConnector b = TestRedisCluster.connect();
        connectors.add(a);
        connectors.add(b);
        return new ChannelBus[] {new RedisChannelBus(a, "node-a"), new RedisChannelBus(b, "node-b")};
    }
}
