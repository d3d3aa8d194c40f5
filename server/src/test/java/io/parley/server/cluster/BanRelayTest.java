package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.protocol.cluster.NodeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Bans across nodes: kept and broadcast, a failure to keep one reported, and caught up after an outage. */
class BanRelayTest {
    private static final long LATER = System.currentTimeMillis() + 600_000;

    private final FakeBackplane backplane = new FakeBackplane("n1");
    private final ClusterNode node = new ClusterNode(backplane);
    private final List<String> announced = new CopyOnWriteArrayList<>();
    /** The bans this node holds. */
    private final List<ClusterBans.Banned> held = new ArrayList<>();

    private BanRelay relay(SharedBans store) {
        BanRelay relay = new BanRelay(node, store);
        relay.inbound(new ClusterBans.Inbound() {
            public void banAnnounced(String appId, String userId, long until) {
                announced.add(userId + "@" + until);
            }

            public List<ClusterBans.Banned> bansInForce() {
                return held;
            }
        });
        node.start();
        return relay;
    }

    @Test
    void aBan_isKept_andBroadcast_anUnbanToo() {
        LocalBans store = new LocalBans();
        BanRelay relay = relay(store);

        relay.announce("app", "eve", LATER).join();
        assertThat(store.all().join()).containsExactly(new ClusterBans.Banned("app", "eve", LATER));
        relay.announce("app", "eve", 0).join();

        assertThat(store.all().join()).isEmpty();
        assertThat(backplane.broadcasts()).extracting(m -> m.getBan().getUserId() + "@" + m.getBan().getUntilMs())
                .containsExactly("eve@" + LATER, "eve@0");
    }

    @Test
    void aBanTheStoreCannotKeep_failsAsNotShared_butIsStillBroadcast() {
        BanRelay relay = relay(new Unreachable());

        assertThatThrownBy(() -> relay.announce("app", "eve", LATER).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(ClusterBans.NotShared.class)
                .hasMessageContaining("banned on this node").hasMessageContaining("connection refused");
        assertThatThrownBy(() -> relay.announce("app", "eve", 0).join()).cause()
                .isInstanceOf(ClusterBans.NotShared.class).hasMessageContaining("unbanned on this node");
        assertThat(backplane.broadcasts()).extracting(NodeMessage::getBodyCase)
                .containsExactly(NodeMessage.BodyCase.BAN, NodeMessage.BodyCase.BAN);
    }

    @Test
    void afterAnOutage_theBansKeptMeanwhileAreRead_andThisNodesOwnAreNotWrittenBack() {
        LocalBans store = new LocalBans();
        relay(store);
        store.save("app", "missed", LATER).join(); // banned through another node while this one heard nothing
        held.add(new ClusterBans.Banned("app", "lifted-elsewhere", LATER));

        backplane.recover(false);

        assertThat(announced).containsExactly("missed@" + LATER);
        assertThat(store.all().join()).extracting(ClusterBans.Banned::userId).containsExactly("missed");
    }

    @Test
    void whenRedisCameBackEmpty_thisNodesBansAreWrittenBack_thenRead() {
        LocalBans store = new LocalBans();
        relay(store);
        held.add(new ClusterBans.Banned("app", "mine", LATER));
        store.save("app", "theirs", LATER + 1).join(); // written back by another node first

        backplane.recover(true);

        assertThat(store.all().join()).extracting(ClusterBans.Banned::userId).containsExactlyInAnyOrder("mine", "theirs");
        assertThat(announced).containsExactlyInAnyOrder("mine@" + LATER, "theirs@" + (LATER + 1));
    }

    /** A store whose every call fails, as Redis refusing connections does. */
    private static final class Unreachable implements SharedBans {
        private static <T> CompletableFuture<T> refused() {
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }

        public CompletableFuture<Void> save(String appId, String userId, long untilMillis) {
            return refused();
        }

        public CompletableFuture<Void> delete(String appId, String userId) {
            return refused();
        }

        public CompletableFuture<List<ClusterBans.Banned>> all() {
            return refused();
        }

        public CompletableFuture<Void> restore(List<ClusterBans.Banned> bans) {
            return refused();
        }
    }
}
