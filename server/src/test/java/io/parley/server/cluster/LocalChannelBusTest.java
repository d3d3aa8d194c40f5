package io.parley.server.cluster;

import io.parley.server.channels.ChannelBus;

class LocalChannelBusTest extends AbstractChannelBusContractTest {
    @Override
    protected ChannelBus[] twoNodes() {
        LocalChannelBus.Hub hub = new LocalChannelBus.Hub();
        return new ChannelBus[] {new LocalChannelBus(hub), new LocalChannelBus(hub)};
    }
}
