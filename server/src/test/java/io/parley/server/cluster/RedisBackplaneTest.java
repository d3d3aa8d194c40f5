package io.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The backplane contract on a real redis-server and on a real 3-master Redis Cluster (sharded pub/sub), each node with its own connections, as in production. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisBackplaneTest extends AbstractBackplaneContractTest {
    private final RedisTarget redis;

    private final List<RedisConnector> connectors = new ArrayList<>();

    RedisBackplaneTest(RedisTarget redis) {
        this.redis = redis;
    }

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
