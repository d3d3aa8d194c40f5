package io.parley.server.cluster;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The user attribute contract on a real redis-server and on a real 3-master Redis Cluster. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisUserAttributesTest extends AbstractUserAttributesContractTest {
    private final RedisTarget redis;
    private RedisBackplane node;

    RedisUserAttributesTest(RedisTarget redis) {
        this.redis = redis;
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Override
    protected UserDirectory directory() {
        return new RedisUserDirectory(redis.fresh());
    }

    @Override
    protected ClusterUserAttributes create(UserDirectory directory) {
        RedisConnector connector = redis.fresh();
        node = new RedisBackplane(connector, "n1", 200);
        node.start(m -> { }, lost -> CompletableFuture.completedFuture(null));
        return new RedisUserAttributes(connector, directory, node);
    }
}
