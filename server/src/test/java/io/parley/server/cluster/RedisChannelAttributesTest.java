package io.parley.server.cluster;

import io.parley.server.channels.ChannelAttributeService;

class RedisChannelAttributesTest extends AbstractSharedAttributesContractTest {
    @Override
    protected ChannelAttributeService.SharedStore create() {
        return new RedisChannelAttributes(TestRedis.fresh());
    }
}
