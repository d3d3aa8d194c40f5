package io.parley.server.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The backplane contract on a real redis-server: each node has its own connections, as in production. */
class RedisBackplaneTest extends AbstractBackplaneContractTest {
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
    void closeConnections() {
        connectors.forEach(RedisConnector::close);
    }

    @Override
    protected Backplane node(String nodeId) {
        RedisConnector c = new RedisConnector(redis.uri());
        connectors.add(c);
        return new RedisBackplane(c, nodeId, 200);
    }
}
