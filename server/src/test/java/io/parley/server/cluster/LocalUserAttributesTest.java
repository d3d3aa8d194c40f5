package io.parley.server.cluster;

import io.parley.server.attributes.UserAttributeService;

class LocalUserAttributesTest extends AbstractUserAttributesContractTest {
    @Override
    protected UserDirectory directory() {
        return new LocalUserDirectory();
    }

    @Override
    protected UserAttributeService.RemoteAttributes create(UserDirectory directory) {
        return new LocalUserAttributes(directory);
    }
}
