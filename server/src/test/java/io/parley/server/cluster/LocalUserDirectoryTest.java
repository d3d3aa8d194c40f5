package io.parley.server.cluster;

class LocalUserDirectoryTest extends AbstractUserDirectoryContractTest {
    @Override
    protected UserDirectory create() {
        return new LocalUserDirectory();
    }
}
