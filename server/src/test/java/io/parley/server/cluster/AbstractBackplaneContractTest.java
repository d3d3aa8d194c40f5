package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Backplane} guarantees; run against the local and the Redis implementation. */
abstract class AbstractBackplaneContractTest {
    protected abstract Backplane node(String nodeId) throws Exception;

    private Backplane a;
    private Backplane b;
    private final List<NodeMessage> receivedByB = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        a = node("node-a");
        b = node("node-b");
        a.start(m -> { }, lost -> CompletableFuture.completedFuture(null));
        b.start(receivedByB::add, lost -> CompletableFuture.completedFuture(null));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static NodeMessage kick(int i) {
        return NodeMessage.newBuilder().setFromNode("node-a").setKick(Kick.newBuilder().setAppId("app").setUserId("u" + i))
                .build();
    }

    @Test
    void messagesReachTheTargetNode_inOrder() {
        for (int i = 0; i < 100; i++) {
            assertThat(a.send("node-b", kick(i)).join()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedByB.size() == 100);
        for (int i = 0; i < 100; i++) {
            assertThat(receivedByB.get(i).getKick().getUserId()).isEqualTo("u" + i);
            assertThat(receivedByB.get(i).getFromNode()).isEqualTo("node-a");
        }
    }

    @Test
    void aNodeNobodyRuns_isNotAlive_andSendingToItSaysSo() {
        assertThat(a.send("node-z", kick(1)).join()).isFalse();
        assertThat(a.checkAlive("node-z").join()).isFalse();
        assertThat(a.isAlive("node-a")).isTrue();
    }

    @Test
    void aClosedNode_dropsOut() {
        await().atMost(Duration.ofSeconds(10)).until(() -> a.checkAlive("node-b").join());
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.checkAlive("node-b").join());
        assertThat(a.send("node-b", kick(1)).join()).isFalse();
    }
}
