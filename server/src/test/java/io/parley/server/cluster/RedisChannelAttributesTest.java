package io.parley.server.cluster;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared channel attribute contract on a real redis-server and on a real 3-master Redis Cluster. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisChannelAttributesTest extends AbstractChannelAttributesContractTest {
    private final RedisTarget redis;

    RedisChannelAttributesTest(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    protected ClusterChannelAttributes create() {
        return new RedisChannelAttributes(redis.fresh());
    }
}
