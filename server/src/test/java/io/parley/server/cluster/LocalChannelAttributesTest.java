package io.parley.server.cluster;

import io.parley.server.channels.ChannelAttributeService;

class LocalChannelAttributesTest extends AbstractSharedAttributesContractTest {
    @Override
    protected ChannelAttributeService.SharedStore create() {
        return new LocalChannelAttributes();
    }
}
