package io.parley.it;

import io.parley.server.cluster.RedisClusterProcess;
import io.parley.server.config.ServerConfig;
import java.util.List;

/**
 * The cluster on a real 3-master Redis Cluster (sharded pub/sub, hash-tagged keys). Its outage is
 * one master SIGKILLed and restarted on its append-only file: the nodes report not ready while a
 * part of the slots is missing, recover by themselves, and lose no acked or cached message.
 */
class RedisClusterIT extends AbstractClusterIT {
    private RedisClusterProcess redis;
    private int killed;

    @Override
    protected void startRedis() throws Exception {
        redis = new RedisClusterProcess();
    }

    @Override
    protected void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    protected ServerConfig.Builder onRedis(ServerConfig.Builder config) {
        return config.redisCluster(redis.seedList());
    }

    @Override
    protected List<String> redisFlags() {
        return List.of("--redis-cluster", redis.seedList());
    }

    @Override
    protected long publishes() throws Exception {
        return redis.calls("spublish");
    }

    /** The master of the recipient's node topic: its sharded subscription must come back with it. */
    @Override
    protected void redisOutage() throws Exception {
        killed = redis.masterOf("parley:node:n2");
        redis.killMaster(killed);
    }

    @Override
    protected void redisBack() throws Exception {
        redis.startMaster(killed);
    }

    @Override
    protected boolean redisKeepsData() {
        return true;
    }
}
