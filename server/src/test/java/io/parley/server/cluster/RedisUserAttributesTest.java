package io.parley.server.cluster;

import io.parley.server.attributes.UserAttributeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

class RedisUserAttributesTest extends AbstractUserAttributesContractTest {
    private static RedisProcess redis;
    private static RedisConnector connector;
    private RedisBackplane node;

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

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Override
    protected UserDirectory directory() {
        connector.async().flushall().toCompletableFuture().join();
        return new RedisUserDirectory(connector);
    }

    @Override
    protected UserAttributeService.RemoteAttributes create(UserDirectory directory) {
        node = new RedisBackplane(connector, "n1", 200);
        node.start(m -> { }, () -> { });
        return new RedisUserAttributes(connector, directory, node);
    }
}
