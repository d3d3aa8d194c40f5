package io.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The backplane contract on a real redis-server: each node has its own connections, as in production. */
class RedisBackplaneTest extends AbstractBackplaneContractTest {
    private final List<RedisConnector> connectors = new ArrayList<>();

    @AfterEach
    void closeConnections() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected Backplane node(String nodeId) {
        RedisConnector c = new RedisConnector(TestRedis.uri());
        connectors.add(c);
        return new RedisBackplane(c, nodeId, 200);
    }
}
