package io.parley.server.cluster;

import io.parley.server.channels.ChannelAttributeService;

class RedisClusterChannelAttributesTest extends AbstractSharedAttributesContractTest {
    @Override
    protected ChannelAttributeService.SharedStore create() {
        return new RedisChannelAttributes(TestRedisCluster.fresh());
    }
}
