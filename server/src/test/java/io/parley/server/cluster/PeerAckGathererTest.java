package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.cluster.PeerAcks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PeerAckGathererTest {
    private final Queue<Runnable> later = new ArrayDeque<>();
    private final List<String> sent = new ArrayList<>();
    private final PeerAckGatherer gatherer = new PeerAckGatherer(later::add,
            (node, acks) -> sent.add(node + " " + acks.build().getOriginIdsList()));

    private void runLater() {
        for (Runnable r; (r = later.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void acksOfOneTask_goToEachOriginNodeAsOneMessage_inOrder() {
        gatherer.add("n2", 5);
        gatherer.add("n3", 1);
        gatherer.add("n2", 6);
        gatherer.add("n2", 4);
        assertThat(sent).as("nothing before the current task ends").isEmpty();
        assertThat(later).as("one flush per origin node").hasSize(2);

        runLater();

        assertThat(sent).containsExactly("n2 [5, 6, 4]", "n3 [1]");
    }

    @Test
    void anAckAfterTheFlush_schedulesTheNext() {
        gatherer.add("n2", 1);
        runLater();
        gatherer.add("n2", 2);
        runLater();

        assertThat(sent).containsExactly("n2 [1]", "n2 [2]");
    }

    @Test
    void manyAcks_areSplitAtTheLimitOfOneMessage_noneLost() {
        List<PeerAcks> messages = new ArrayList<>();
        PeerAckGatherer g = new PeerAckGatherer(later::add, (node, acks) -> messages.add(acks.build()));
        int n = PeerAckGatherer.MAX_IDS * 2 + 10;
        for (long id = 0; id < n; id++) {
            g.add("n2", id);
        }
        runLater();

        assertThat(messages).extracting(PeerAcks::getOriginIdsCount)
                .containsExactly(PeerAckGatherer.MAX_IDS, PeerAckGatherer.MAX_IDS, 10);
        assertThat(messages.stream().flatMap(m -> m.getOriginIdsList().stream()))
                .containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
    }

    @Test
    void offTheEventLoops_eachAckGoesAtOnce() {
        PeerAckGatherer atOnce = new PeerAckGatherer(Runnable::run,
                (node, acks) -> sent.add(node + " " + acks.build().getOriginIdsList()));
        atOnce.add("n2", 1);
        atOnce.add("n2", 2);

        assertThat(sent).containsExactly("n2 [1]", "n2 [2]");
    }
}
