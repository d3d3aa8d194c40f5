package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The single-node store: the contract, and its own expiry (Redis expires keys by itself). */
class SingleNodeChannelAttributesTest extends AbstractChannelAttributesContractTest {
    private static final ChannelKey ROOM = new ChannelKey("app", "room");
    private static final Duration TTL = Duration.ofSeconds(60);
    private final AtomicLong now = new AtomicLong(1_000);
    private final SingleNodeChannelAttributes store = new SingleNodeChannelAttributes(now::get);

    @Override
    protected ClusterChannelAttributes create() {
        return new SingleNodeChannelAttributes(now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anEmptyChannelsAttributes_goTheTtlAfterItFirstBecameEmpty() {
        store.compareAndSet(ROOM, null, new byte[] {1}).join();
        store.expireAfter(ROOM, TTL);
        advance(Duration.ofSeconds(40));
        store.expireAfter(ROOM, TTL); // written again while empty: the expiry stays where it was
        advance(Duration.ofSeconds(19));
        store.sweep();
        assertThat(store.get(ROOM).join()).containsExactly(1);
        advance(Duration.ofSeconds(1));
        assertThat(store.get(ROOM).join()).as("past its time, even before a sweep").isNull();
        store.sweep();
        assertThat(store.size()).isZero();
    }

    @Test
    void aChannelWithMembersAgain_keepsItsAttributes() {
        store.compareAndSet(ROOM, null, new byte[] {1}).join();
        store.expireAfter(ROOM, TTL);
        advance(Duration.ofSeconds(30));
        store.persist(ROOM);
        advance(Duration.ofSeconds(60));
        store.sweep();
        assertThat(store.get(ROOM).join()).containsExactly(1);
        store.expireAfter(ROOM, TTL); // empty again: a fresh TTL
        advance(Duration.ofSeconds(59));
        store.sweep();
        assertThat(store.size()).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        store.sweep();
        assertThat(store.size()).isZero();
    }

    @Test
    void aChannelWithoutAttributes_hasNothingToExpire() {
        store.expireAfter(ROOM, TTL);
        store.compareAndSet(ROOM, null, new byte[] {2}).join(); // written after it emptied, without a new expiry
        advance(Duration.ofSeconds(61));
        store.sweep();
        assertThat(store.get(ROOM).join()).containsExactly(2);
    }
}
