package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.ChannelKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compare-and-set storage of a channel's attributes; run against the local and the Redis implementation. */
abstract class AbstractChannelAttributesContractTest {
    protected abstract ClusterChannelAttributes create() throws Exception;

    private static final ChannelKey K = new ChannelKey("app", "stage");
    private ClusterChannelAttributes store;

    @BeforeEach
    void open() throws Exception {
        store = create();
    }

    @Test
    void compareAndSet_replacesOnlyWhatTheWriterRead() {
        assertThat(store.get(K).join()).isNull();
        assertThat(store.compareAndSet(K, null, new byte[] {1}).join()).isTrue();
        assertThat(store.compareAndSet(K, null, new byte[] {2}).join()).as("someone wrote first").isFalse();
        assertThat(store.compareAndSet(K, new byte[] {9}, new byte[] {2}).join()).isFalse();
        assertThat(store.compareAndSet(K, new byte[] {1}, new byte[] {2}).join()).isTrue();
        assertThat(store.get(K).join()).containsExactly(2);
        assertThat(store.compareAndSet(K, new byte[] {2}, new byte[0]).join()).as("empty deletes").isTrue();
        assertThat(store.get(K).join()).isNull();
        assertThat(store.get(new ChannelKey("other", "stage")).join()).isNull();
    }
}
