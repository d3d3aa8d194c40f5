package io.parley.server.cluster;

/** The user directory contract on a real 3-master Redis Cluster. */
class RedisClusterUserDirectoryTest extends AbstractUserDirectoryContractTest {
    @Override
    protected UserDirectory create() {
        return new RedisUserDirectory(TestRedisCluster.fresh());
    }
}
