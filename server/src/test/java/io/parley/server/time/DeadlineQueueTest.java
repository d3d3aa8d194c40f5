package io.parley.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineQueueTest {
    private final DeadlineQueue<String> queue = new DeadlineQueue<>();

    private List<String> poll(long now) {
        List<String> out = new ArrayList<>();
        queue.pollDue(now, (item, deadline) -> out.add(item + "@" + deadline));
        return out;
    }

    @Test
    void handsOutOnlyWhatIsDue_oldestFirst() {
        queue.add("c", 30);
        queue.add("a", 10);
        queue.add("b", 20);

        assertThat(poll(9)).isEmpty();
        assertThat(poll(20)).containsExactly("a@10", "b@20");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(poll(1_000)).containsExactly("c@30");
        assertThat(queue.size()).isZero();
    }

    @Test
    void anItemAddedDuringAPoll_waitsForTheNextPoll_evenIfDue() {
        queue.add("x", 5);
        List<String> seen = new ArrayList<>();
        int n = queue.pollDue(10, (item, deadline) -> {
            seen.add(item);
            queue.add(item, deadline); // an action that re-queues its item at a time already passed
        });
        assertThat(n).isEqualTo(1);
        assertThat(seen).containsExactly("x");
        assertThat(poll(10)).containsExactly("x@5");
    }

    @Test
    void ordersAcrossTheWrapOfANanoClock() {
        long nearWrap = Long.MAX_VALUE - 5;
        queue.add("before", nearWrap);
        queue.add("after", nearWrap + 10); // wrapped to a negative value

        assertThat(poll(nearWrap)).containsExactly("before@" + nearWrap);
        assertThat(poll(nearWrap + 9)).isEmpty();
        assertThat(poll(nearWrap + 10)).containsExactly("after@" + (nearWrap + 10));
    }

    @Test
    void queuedCheck_anEarlierRequestSupersedes_aLaterOneIsANoOp() {
        QueuedCheck check = new QueuedCheck();
        assertThat(check.request(100)).isTrue();
        assertThat(check.request(150)).as("the check at 100 will look again").isFalse();
        assertThat(check.request(50)).isTrue();

        assertThat(check.take(100)).as("stale: superseded by the one at 50").isFalse();
        assertThat(check.take(50)).isTrue();
        assertThat(check.take(50)).as("taken once").isFalse();
        assertThat(check.request(150)).as("nothing queued any more").isTrue();
    }
}
