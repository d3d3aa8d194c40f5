package io.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The backplane contract on a real 3-master Redis Cluster (sharded pub/sub), each node with its own connections. */
class RedisClusterBackplaneTest extends AbstractBackplaneContractTest {
    private final List<RedisConnector> connectors = new ArrayList<>();

    @AfterEach
    void closeConnections() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected Backplane node(String nodeId) {
        RedisConnector c = TestRedisCluster.connect();
        connectors.add(c);
        return new RedisBackplane(c, nodeId, 200);
    }
}
