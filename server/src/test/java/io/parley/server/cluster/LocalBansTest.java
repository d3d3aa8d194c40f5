package io.parley.server.cluster;

class LocalBansTest extends AbstractSharedBansContractTest {
    @Override
    protected SharedBans bans() {
        return new LocalBans();
    }
}
