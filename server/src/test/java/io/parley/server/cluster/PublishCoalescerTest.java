package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.PresenceChanged;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PublishCoalescerTest {
    private final Queue<Runnable> later = new ArrayDeque<>();
    private final List<String> published = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private long receivers = 1;
    private final PublishCoalescer coalescer = new PublishCoalescer(later::add, (topic, bytes) -> {
        published.add(topic);
        payloads.add(bytes);
        return CompletableFuture.completedFuture(receivers);
    });

    private static NodeMessage msg(int i) {
        return NodeMessage.newBuilder().setFromNode("n1")
                .setPresenceChanged(PresenceChanged.newBuilder().setAppId("app").setUserId("u" + i)).build();
    }

    private static List<String> users(byte[] payload) throws InvalidProtocolBufferException {
        return PublishCoalescer.unpack(NodeMessage.parseFrom(payload)).stream()
                .map(m -> m.getPresenceChanged().getUserId()).toList();
    }

    private void runLater() {
        for (Runnable r; (r = later.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void messagesQueuedBeforeTheFlush_goOutAsOnePublishPerTopic_inOrder() throws Exception {
        List<CompletableFuture<Boolean>> done = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            done.add(coalescer.send("node:b", msg(i)));
        }
        done.add(coalescer.send("node:c", msg(9)));
        assertThat(published).as("nothing before the current task ends").isEmpty();
        assertThat(later).as("one flush per topic").hasSize(2);

        runLater();

        assertThat(published).containsExactly("node:b", "node:c");
        assertThat(users(payloads.get(0))).containsExactly("u0", "u1", "u2");
        assertThat(NodeMessage.parseFrom(payloads.get(1)).getBodyCase()).as("a single message goes as itself")
                .isEqualTo(NodeMessage.BodyCase.PRESENCE_CHANGED);
        assertThat(done).allMatch(f -> f.join());
    }

    @Test
    void aPublishNoNodeReceived_completesEveryCallerFalse_andALaterMessageSchedulesAnotherFlush() {
        receivers = 0;
        CompletableFuture<Boolean> first = coalescer.send("node:gone", msg(1));
        runLater();
        assertThat(first.join()).isFalse();

        receivers = 1;
        CompletableFuture<Boolean> second = coalescer.send("node:gone", msg(2));
        assertThat(later).hasSize(1);
        runLater();
        assertThat(second.join()).isTrue();
        assertThat(published).hasSize(2);
    }

    @Test
    void aLargeBacklog_isSplitAtTheBatchCap() throws Exception {
        int n = PublishCoalescer.MAX_BATCH_MESSAGES * 2 + 1;
        for (int i = 0; i < n; i++) {
            coalescer.send("node:b", msg(i));
        }
        runLater();
        assertThat(published).hasSize(3);
        List<String> all = new ArrayList<>();
        for (byte[] p : payloads) {
            all.addAll(users(p));
        }
        assertThat(all).hasSize(n).startsWith("u0", "u1").endsWith("u" + (n - 1));
    }

    @Test
    void callersHearingThroughACallback_eachHearOnce_evenWhenOneOfThemThrows() {
        List<String> heard = new ArrayList<>();
        coalescer.send("node:b", msg(1), (taken, err) -> heard.add("1 " + taken + " " + err));
        coalescer.send("node:b", msg(2), (taken, err) -> {
            throw new IllegalStateException("a caller's bug");
        });
        coalescer.send("node:b", msg(3), (taken, err) -> heard.add("3 " + taken + " " + err));
        runLater();

        assertThat(published).hasSize(1);
        assertThat(heard).containsExactly("1 true null", "3 true null");
    }
}
