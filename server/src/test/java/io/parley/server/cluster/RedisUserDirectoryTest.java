package io.parley.server.cluster;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The user directory contract on a real redis-server and on a real 3-master Redis Cluster. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisUserDirectoryTest extends AbstractUserDirectoryContractTest {
    private final RedisTarget redis;

    RedisUserDirectoryTest(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    protected UserDirectory create() {
        return new RedisUserDirectory(redis.fresh());
    }
}
