package io.parley.server.store;

class InMemoryOfflineStoreTest extends AbstractOfflineStoreContractTest {
    @Override
    protected OfflineStore create(StorePolicy policy) {
        return new InMemoryOfflineStore(policy);
    }
}
