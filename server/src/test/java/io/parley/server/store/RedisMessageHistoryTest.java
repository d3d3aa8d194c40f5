package io.parley.server.store;

import io.parley.server.cluster.RedisTarget;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The history contract on a real redis-server and on a real 3-master Redis Cluster (cluster mode's store). */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisMessageHistoryTest extends AbstractMessageHistoryContractTest {
    private final RedisTarget redis;

    RedisMessageHistoryTest(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    protected MessageHistory create(Duration retention, long maxPerApp) {
        return new RedisMessageHistory(redis.fresh(), retention, maxPerApp, now::get);
    }
}
