package io.parley.server.store;

class LocalEventFeedTest extends AbstractEventFeedContractTest {
    @Override
    protected EventFeed create(int capacity) {
        return new LocalEventFeed(capacity);
    }
}
