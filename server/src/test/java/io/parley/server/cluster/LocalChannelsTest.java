package io.parley.server.cluster;

import io.parley.server.cluster.SharedChannels;

class LocalChannelsTest extends AbstractChannelsContractTest {
    @Override
    protected SharedChannels[] twoNodes() {
        LocalChannels.Hub hub = new LocalChannels.Hub();
        return new SharedChannels[] {new LocalChannels(hub), new LocalChannels(hub)};
    }
}
