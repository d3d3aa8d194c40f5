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
            a.start(m -> { }, lost -> CompletableFuture.completedFuture(null));
            c.start(receivedByC::add, lost -> CompletableFuture.completedFuture(null));
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

    /** Redis emptied under a running node (a restart without persistence): the node recovers knowing its state is gone. */
    @Test
    void redisEmptied_theNodeRecovers_toldThatItsStateWasLost() {
        RedisConnector forA = redis.connect();
        connectors.add(forA);
        RedisBackplane a = new RedisBackplane(forA, "emptied-a", 100);
        List<Boolean> recoveries = new CopyOnWriteArrayList<>();
        try {
            a.start(m -> { }, lost -> {
                recoveries.add(lost);
                return CompletableFuture.completedFuture(null);
            });
            await().atMost(Duration.ofSeconds(10)).until(a::healthy);
            redis.fresh(); // FLUSHALL on every master

            await().atMost(Duration.ofSeconds(10)).until(() -> !recoveries.isEmpty());
            assertThat(recoveries).containsExactly(true);
        } finally {
            a.close();
        }
    }

    /**
     * Redis drops the pub/sub connection and is back before the next heartbeat could notice: the
     * node may have missed broadcasts, so it recovers, and it is not healthy until that is done.
     */
    @Test
    void aDroppedPubSubConnection_isRecoveredFrom_andTheNodeIsNotHealthyUntilThen() throws Exception {
        RedisConnector forA = redis.connect();
        connectors.add(forA);
        RedisBackplane a = new RedisBackplane(forA, "dropped-a", 100);
        List<Boolean> recoveries = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> recoveryDone = new CompletableFuture<>();
        try {
            a.start(m -> { }, lost -> {
                recoveries.add(lost);
                return recoveryDone;
            });
            await().atMost(Duration.ofSeconds(10)).until(a::healthy);

            redis.dropPubSubConnections();

            await().atMost(Duration.ofSeconds(10)).until(() -> !recoveries.isEmpty());
            assertThat(recoveries).containsExactly(false);
            assertThat(a.healthy()).as("healthy before its recovery is done").isFalse();
            recoveryDone.complete(null);
            await().atMost(Duration.ofSeconds(10)).until(a::healthy);
            assertThat(recoveries).as("one recovery per drop").containsExactly(false);
        } finally {
            a.close();
        }
    }

    @Override
    protected Backplane node(String nodeId) {
        RedisConnector c = redis.connect();
        connectors.add(c);
        return new RedisBackplane(c, nodeId, 200);
    }
}
