package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The bans contract on one redis-server and across a Redis Cluster's masters, and the move of the earlier key layout. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisBansTest extends AbstractSharedBansContractTest {
    private final RedisTarget redis;

    RedisBansTest(RedisTarget redis) {
        this.redis = redis;
    }

    @Override
    protected SharedBans bans() {
        return new RedisBans(redis.fresh());
    }

    /** A ban an earlier version kept as its own key is still in force after the upgrade (earlier versions ran on one redis-server only). */
    @Test
    void aBanOfTheEarlierKeyLayout_isMovedAtStart() {
        assumeTrue(redis == RedisTarget.SINGLE, "earlier versions never ran on a Redis Cluster");
        RedisConnector connector = redis.fresh();
        long until = System.currentTimeMillis() + 600_000;
        connector.async().set("parley:ban:app:old:user", RedisConnector.bytes(until)).toCompletableFuture().join();

        List<ClusterBans.Banned> all = new RedisBans(connector).all().join();

        assertThat(all).containsExactly(new ClusterBans.Banned("app", "old:user", until));
        assertThat(connector.async().exists("parley:ban:app:old:user").toCompletableFuture().join()).isZero();
    }
}
