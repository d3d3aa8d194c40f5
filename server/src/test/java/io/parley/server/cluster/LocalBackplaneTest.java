package io.parley.server.cluster;

class LocalBackplaneTest extends AbstractBackplaneContractTest {
    private final LocalBackplane.Hub hub = new LocalBackplane.Hub();

    @Override
    protected Backplane node(String nodeId) {
        return new LocalBackplane(hub, nodeId);
    }
}
