package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A node's topics on a real redis-server and on a real 3-master Redis Cluster (sharded pub/sub). */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisTopicsTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private final RedisTarget redis;
    private final List<RedisConnector> connectors = new ArrayList<>();

    RedisTopicsTest(RedisTarget redis) {
        this.redis = redis;
    }

    @AfterEach
    void closeConnections() {
        connectors.forEach(RedisConnector::close);
    }

    /**
     * Redis closes the pub/sub connections (a master restarted, a proxy timed them out) and stays up:
     * every topic is subscribed again when the connection comes back, including topics of several
     * slots on one master, which the client library's own replay cannot subscribe (CROSSSLOT).
     */
    @Test
    void everyTopicIsSubscribedAgain_afterRedisDropsThePubSubConnection() throws Exception {
        RedisConnector subscriber = connect();
        RedisConnector publisher = connect();
        List<String> topics = IntStream.range(0, 12).mapToObj(i -> "parley:test-topic:" + i).toList();
        Set<String> received = ConcurrentHashMap.newKeySet();
        subscriber.topics().listen((topic, message) -> received.add(topic));
        CompletableFuture.allOf(topics.stream().map(t -> subscriber.topics().subscribe(t))
                .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        if (redis == RedisTarget.CLUSTER) {
            assertThat(mostSlotsOnOneMaster(topics)).as("a master serves topics of several slots").isGreaterThan(1);
        }
        awaitEachReceives(publisher, topics, received);

        received.clear();
        redis.dropPubSubConnections();

        awaitEachReceives(publisher, topics, received);
    }

    private static void awaitEachReceives(RedisConnector publisher, List<String> topics, Set<String> received) {
        // a message published while its topic is not subscribed reaches nobody: publish until received
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String t : topics) {
                if (!received.contains(t)) {
                    publisher.topics().publish(t, HELLO).get(5, TimeUnit.SECONDS);
                }
            }
            assertThat(received).as("topics that received a message").containsAll(topics);
        });
    }

    private static int mostSlotsOnOneMaster(List<String> topics) throws IOException {
        Map<Integer, Set<Integer>> slotsByMaster = new HashMap<>();
        for (String t : topics) {
            slotsByMaster.computeIfAbsent(TestRedisCluster.process().masterOf(t), m -> new HashSet<>())
                    .add(SlotHash.getSlot(t));
        }
        return slotsByMaster.values().stream().mapToInt(Set::size).max().orElse(0);
    }

    private RedisConnector connect() {
        RedisConnector c = redis.connect();
        connectors.add(c);
        return c;
    }
}
