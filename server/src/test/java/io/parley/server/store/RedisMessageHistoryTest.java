package io.parley.server.store;

import io.parley.server.cluster.TestRedis;
import java.time.Duration;

/** The history contract on a real redis-server (cluster mode's store). */
class RedisMessageHistoryTest extends AbstractMessageHistoryContractTest {
    @Override
    protected MessageHistory create(Duration retention, long maxPerApp) {
        return new RedisMessageHistory(TestRedis.fresh(), retention, maxPerApp, now::get);
    }
}
