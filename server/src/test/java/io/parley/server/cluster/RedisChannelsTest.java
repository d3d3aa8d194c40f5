package io.parley.server.cluster;

import io.parley.server.cluster.SharedChannels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The channel bus contract on a real redis-server and on a real 3-master Redis Cluster, each node with its own connections. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisChannelsTest extends AbstractChannelsContractTest {
    private final RedisTarget redis;

    private final List<RedisConnector> connectors = new ArrayList<>();

    RedisChannelsTest(RedisTarget redis) {
        this.redis = redis;
    }

    @AfterEach
    void close() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected SharedChannels[] twoNodes() {
        redis.fresh();
        RedisConnector a = redis.connect();
        RedisConnector b = redis.connect();
        connectors.add(a);
        connectors.add(b);
        return new SharedChannels[] {new RedisChannels(a, "node-a"), new RedisChannels(b, "node-b")};
    }
}
