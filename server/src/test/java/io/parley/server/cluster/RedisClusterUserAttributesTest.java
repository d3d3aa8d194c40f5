package io.parley.server.cluster;

import io.parley.server.attributes.UserAttributeService;
import org.junit.jupiter.api.AfterEach;

class RedisClusterUserAttributesTest extends AbstractUserAttributesContractTest {
    private RedisBackplane node;

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Override
    protected UserDirectory directory() {
        return new RedisUserDirectory(TestRedisCluster.fresh());
    }

    @Override
    protected UserAttributeService.RemoteAttributes create(UserDirectory directory) {
        RedisConnector connector = TestRedisCluster.fresh();
        node = new RedisBackplane(connector, "n1", 200);
        node.start(m -> { }, () -> { });
        return new RedisUserAttributes(connector, directory, node);
    }
}
