package io.parley.server.cluster;

import io.parley.server.cluster.ClusterChannels;

class LocalChannelsTest extends AbstractChannelsContractTest {
    @Override
    protected ClusterChannels[] twoNodes() {
        LocalChannels.Hub hub = new LocalChannels.Hub();
        return new ClusterChannels[] {new LocalChannels(hub), new LocalChannels(hub)};
    }
}
