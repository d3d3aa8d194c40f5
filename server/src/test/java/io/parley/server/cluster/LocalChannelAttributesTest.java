package io.parley.server.cluster;


class LocalChannelAttributesTest extends AbstractChannelAttributesContractTest {
    @Override
    protected ClusterChannelAttributes create() {
        return new LocalChannelAttributes();
    }
}
