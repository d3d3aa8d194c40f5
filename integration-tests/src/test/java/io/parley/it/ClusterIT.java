package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.RedisProcess;
import io.parley.it.support.AdminClient;
import io.parley.server.config.ServerConfig;
import java.util.List;

/** The cluster on one real redis-server; its restart comes back empty, so the nodes must write their state again. */
class ClusterIT extends AbstractClusterIT {
    private RedisProcess redis;

    @Override
    protected void startRedis() throws Exception {
        redis = new RedisProcess();
    }

    @Override
    protected void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    protected ServerConfig.Builder onRedis(ServerConfig.Builder config) {
        return config.redis(redis.uri());
    }

    @Override
    protected List<String> redisFlags() {
        return List.of("--redis", redis.uri());
    }

    @Override
    protected long publishes() throws Exception {
        return redis.calls("publish");
    }

    @Override
    protected void redisOutage() throws Exception {
        redis.stop();
    }

    @Override
    protected void redisBack() throws Exception {
        redis.start();
    }

    @Override
    protected boolean redisKeepsData() {
        return false;
    }

    @Override
    protected void adminDuringTheOutage(AdminClient.Reply ban, AdminClient.Reply status) {
        assertThat(ban.status()).as(ban.toString()).isEqualTo(503);
        assertThat(ban.text("code")).isEqualTo("CLUSTER_UNAVAILABLE");
        assertThat(ban.text("message")).startsWith("banned on this node");
        assertThat(status.status()).as(status.toString()).isEqualTo(503);
        assertThat(status.text("code")).isEqualTo("CLUSTER_UNAVAILABLE");
        assertThat(status.text("message")).startsWith("Redis is unavailable, try again: ");
    }

    @Override
    protected void duringTheOutage(int code) {
        assertThat(code).as("never success while the only Redis is down").isNotZero();
    }
}
