package io.parley.server.cluster;


class LocalUserAttributesTest extends AbstractUserAttributesContractTest {
    @Override
    protected UserDirectory directory() {
        return new LocalUserDirectory();
    }

    @Override
    protected ClusterUserAttributes create(UserDirectory directory) {
        return new LocalUserAttributes(directory);
    }
}
