package io.parley.server.cluster;

class RedisUserDirectoryTest extends AbstractUserDirectoryContractTest {
    @Override
    protected UserDirectory create() {
        return new RedisUserDirectory(TestRedis.fresh());
    }
}
