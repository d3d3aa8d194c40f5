package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.cluster.ChannelKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The survivors remove a dead node's channel members once, except users who joined again elsewhere. */
class RedisChannelsDeadNodeTest {
    private static final ChannelKey ROOM = new ChannelKey("app", "room:1");
    private static final ChannelKey HALL = new ChannelKey("app", "hall");
    private final List<RedisConnector> connectors = new ArrayList<>();

    @AfterEach
    void close() {
        connectors.forEach(RedisConnector::close);
    }

    private RedisChannels node(RedisTarget redis, String id) {
        RedisConnector c = redis.connect();
        connectors.add(c);
        return new RedisChannels(c, id);
    }

    @ParameterizedTest
    @EnumSource(RedisTarget.class)
    void aDeadNodesMembers_areRemovedOnce_butNotAUserWhoJoinedAgainElsewhere(RedisTarget redis) {
        redis.fresh();
        RedisChannels dead = node(redis, "node-dead");
        RedisChannels survivor = node(redis, "node-b");
        RedisChannels other = node(redis, "node-c");
        dead.add(ROOM, "ann").join();
        dead.add(ROOM, "bob").join();
        dead.add(HALL, "ann").join();
        survivor.add(ROOM, "cy").join();
        other.add(ROOM, "bob").join(); // bob logged in again on node c and rejoined before the cleanup

        List<Map.Entry<ChannelKey, String>> removed = survivor.forgetNode("node-dead").join();

        assertThat(removed).containsExactlyInAnyOrder(Map.entry(ROOM, "ann"), Map.entry(HALL, "ann"));
        assertThat(survivor.sample(ROOM, 10).join()).containsExactlyInAnyOrder("bob", "cy");
        assertThat(survivor.count(HALL).join()).isZero();
        assertThat(other.forgetNode("node-dead").join()).as("one survivor cleans up").isEmpty();
    }
}
