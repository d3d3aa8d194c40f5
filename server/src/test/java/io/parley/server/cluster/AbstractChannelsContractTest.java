package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.server.cluster.SharedChannels;
import io.parley.server.cluster.ChannelKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Channel membership and topics shared by nodes; run against the local and the Redis implementation. */
abstract class AbstractChannelsContractTest {
    /** Two nodes' views of one cluster. */
    protected abstract SharedChannels[] twoNodes() throws Exception;

    private static final ChannelKey ROOM = new ChannelKey("app", "room:1");
    private SharedChannels a;
    private SharedChannels b;
    private final List<String> seenByB = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        SharedChannels[] nodes = twoNodes();
        a = nodes[0];
        b = nodes[1];
        b.listener((key, push, except, count, memberEvent) ->
                seenByB.add(key.channelId() + "|" + new String(push, StandardCharsets.UTF_8) + "|" + except + "|" + count));
    }

    @Test
    void membershipIsSharedAndCounted() {
        assertThat(a.add(ROOM, "ann").join()).isEqualTo(1);
        assertThat(b.add(ROOM, "ben").join()).isEqualTo(2);
        assertThat(a.add(ROOM, "ben").join()).as("a member is counted once").isEqualTo(2);
        assertThat(b.count(ROOM).join()).isEqualTo(2);
        assertThat(a.sample(ROOM, 10).join()).containsExactlyInAnyOrder("ann", "ben");
        assertThat(a.sample(ROOM, 1).join()).hasSize(1);
        assertThat(a.remove(ROOM, "ann").join()).isEqualTo(1);
        assertThat(b.isMember(ROOM, "ann").join()).isFalse();
        assertThat(a.count(new ChannelKey("other", "room:1")).join()).isZero();
    }

    @Test
    void aMemberWhoMovedNode_staysWhenTheOldNodeLetsGo() {
        a.add(ROOM, "cat").join();
        assertThat(b.add(ROOM, "cat").join()).as("the same member, now through b").isEqualTo(1);
        assertThat(a.remove(ROOM, "cat").join()).as("a's leave is stale: cat joined again through b").isEqualTo(1);
        assertThat(a.isMember(ROOM, "cat").join()).isTrue();
        assertThat(b.remove(ROOM, "cat").join()).isZero();
        assertThat(a.isMember(ROOM, "cat").join()).isFalse();
    }

    @Test
    void eventsReachTheNodesThatListen_onlyWhileTheyListen() {
        b.listen(ROOM).join();
        a.publish(ROOM, "hello".getBytes(StandardCharsets.UTF_8), "ann", 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.contains("room:1|hello|ann|2"));
        b.unlisten(ROOM);
        ChannelKey sentinel = new ChannelKey("app", "sentinel");
        b.listen(sentinel).join();
        a.publish(ROOM, "after".getBytes(StandardCharsets.UTF_8), "ann", 2, false);
        a.publish(new ChannelKey("app", "elsewhere"), "x".getBytes(StandardCharsets.UTF_8), null, 0, false);
        a.publish(sentinel, "last".getBytes(StandardCharsets.UTF_8), null, 0, false); // delivered after the others
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.contains("sentinel|last||0"));
        assertThat(seenByB).noneMatch(s -> s.startsWith("elsewhere") || s.contains("|after|"));
    }

    @Test
    void aNodesOwnPublishes_areNotHandedBackToIt() {
        List<String> seenByA = new CopyOnWriteArrayList<>();
        a.listener((key, push, except, count, memberEvent) -> seenByA.add(new String(push, StandardCharsets.UTF_8)));
        a.listen(ROOM).join();
        b.listen(ROOM).join();
        a.publish(ROOM, "mine".getBytes(StandardCharsets.UTF_8), "ann", 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.contains("room:1|mine|ann|2"));
        b.publish(ROOM, "theirs".getBytes(StandardCharsets.UTF_8), "ben", 2, false); // reaches a after "mine" would have
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByA.contains("theirs"));
        assertThat(seenByA).containsExactly("theirs");
        assertThat(seenByB).noneMatch(e -> e.contains("|theirs|"));
    }
}
