package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The backplane contract on a real redis-server and on a real 3-master Redis Cluster (sharded pub/sub), each node with its own connections, as in production. */
@ParameterizedClass
@EnumSource(RedisTarget.class)
class RedisBackplaneTest extends AbstractBackplaneContractTest {
    private final RedisTarget redis;

    private final List<RedisConnector> connectors = new ArrayList<>();

    RedisBackplaneTest(RedisTarget redis) {
        this.redis = redis;
    }

    @AfterEach
    void closeConnections() {
        connectors.forEach(RedisConnector::close);
    }

    /**
     * After a Redis outage each node subscribes again, one sooner than another: a message published
     * to a node that is alive but not subscribed yet waits for it rather than being reported as not
     * taken (which told the peer messaging its user was offline).
     */
    @Test
    void aLiveNodeNotSubscribedForAMoment_getsWhatWasSentMeanwhile() throws Exception {
        RedisConnector forA = redis.connect();
        RedisConnector forC = redis.connect();
        connectors.add(forA);
        connectors.add(forC);
        RedisBackplane a = new RedisBackplane(forA, "held-a", 200);
        RedisBackplane c = new RedisBackplane(forC, "held-c", 200);
        List<NodeMessage> receivedByC = new CopyOnWriteArrayList<>();
        try {
            a.start(m -> { }, () -> { });
            c.start(receivedByC::add, () -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> a.isAlive("held-c"));
            forC.topics().unsubscribe(RedisBackplane.topic("held-c")).get(5, TimeUnit.SECONDS);

            CompletableFuture<Boolean> sent = a.send("held-c", NodeMessage.newBuilder().setFromNode("held-a")
                    .setKick(Kick.newBuilder().setAppId("app").setUserId("u1")).build());
            assertThat(sent).as("held while held-c heartbeats").isNotDone();
            forC.topics().subscribe(RedisBackplane.topic("held-c")).get(5, TimeUnit.SECONDS);

            assertThat(sent.get(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> receivedByC.size() == 1);
            assertThat(receivedByC.get(0).getKick().getUserId()).isEqualTo("u1");
        } finally {
            a.close();
            c.close();
        }
    }

    @Override
    protected Backplane node(String nodeId) {
        RedisConnector c = redis.connect();
        connectors.add(c);
        return new RedisBackplane(c, nodeId, 200);
    }
}
