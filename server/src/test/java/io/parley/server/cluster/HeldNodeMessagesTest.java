package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Messages to a node that heartbeats but is not subscribed wait for it, in order, within the patience. */
class HeldNodeMessagesTest {
    private static final long PATIENCE = 3_000;

    /** Publishes to node ids: taken while the node is subscribed; records what was published, in order. */
    private final Set<String> subscribed = new HashSet<>();
    private final Set<String> alive = new HashSet<>();
    private final List<String> published = new ArrayList<>();
    private final List<Runnable> timerTasks = new ArrayList<>();
    private final List<Long> timerDelays = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);
    private RuntimeException failure;

    private final HeldNodeMessages held = new HeldNodeMessages((node, m, sent) -> {
        published.add(m.getKick().getUserId());
        if (failure != null) {
            sent.sent(false, failure);
        } else {
            sent.sent(subscribed.contains(node), null);
        }
    }, alive::contains, (millis, task) -> {
        timerDelays.add(millis);
        timerTasks.add(task);
    }, clock::get, PATIENCE);

    private static NodeMessage kick(String user) {
        return NodeMessage.newBuilder().setKick(Kick.newBuilder().setAppId("app").setUserId(user)).build();
    }

    /** Runs the timer tasks due so far (each may schedule the next). */
    private void runTimer() {
        List<Runnable> due = new ArrayList<>(timerTasks);
        timerTasks.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aSubscribedNode_takesTheMessageAtOnce() {
        subscribed.add("b");
        alive.add("b");
        assertThat(held.send("b", kick("u1")).join()).isTrue();
        assertThat(timerTasks).isEmpty();
        assertThat(held.heldCount()).isZero();
    }

    @Test
    void aNodeThatIsNotHeartbeating_isGone_atOnce() {
        assertThat(held.send("z", kick("u1")).join()).isFalse();
        assertThat(timerTasks).isEmpty();
    }

    @Test
    void aLiveNodeSubscribingAgain_getsWhatWasSentMeanwhile_inOrder() {
        alive.add("b");
        CompletableFuture<Boolean> first = held.send("b", kick("u1"));
        CompletableFuture<Boolean> second = held.send("b", kick("u2")); // queues behind the held one
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        assertThat(held.heldCount()).isEqualTo(2);
        assertThat(published).containsExactly("u1");

        runTimer(); // still not subscribed: both wait, with a longer delay next time
        assertThat(published).containsExactly("u1", "u1", "u2");
        assertThat(first).isNotDone();

        subscribed.add("b");
        clock.addAndGet(100);
        runTimer();
        assertThat(first.join()).isTrue();
        assertThat(second.join()).isTrue();
        assertThat(published).containsExactly("u1", "u1", "u2", "u1", "u2");
        assertThat(timerDelays).containsExactly(HeldNodeMessages.FIRST_RETRY_MILLIS, HeldNodeMessages.FIRST_RETRY_MILLIS);
        assertThat(held.heldCount()).isZero();

        assertThat(held.send("b", kick("u3")).join()).isTrue(); // nothing held any more: straight through
    }

    @Test
    void aLiveNodeThatNeverSubscribesAgain_isGone_afterThePatience() {
        alive.add("b");
        CompletableFuture<Boolean> sent = held.send("b", kick("u1"));
        runTimer();
        clock.addAndGet(PATIENCE);
        runTimer();
        assertThat(sent.join()).isFalse();
        assertThat(held.heldCount()).isZero();
    }

    @Test
    void aNodeThatStopsHeartbeatingWhileItsMessagesWait_isGone_atTheNextRetry() {
        alive.add("b");
        CompletableFuture<Boolean> sent = held.send("b", kick("u1"));
        alive.remove("b");
        runTimer();
        assertThat(sent.join()).isFalse();
        assertThat(published).containsExactly("u1"); // not published again
    }

    @Test
    void aFailedPublish_isReported_notHeld() {
        alive.add("b");
        failure = new IllegalStateException("connection closed");
        assertThat(held.send("b", kick("u1"))).isCompletedExceptionally();
        assertThat(held.heldCount()).isZero();
    }

    @Test
    void closing_answersWhatIsHeld() {
        alive.add("b");
        CompletableFuture<Boolean> sent = held.send("b", kick("u1"));
        held.close();
        assertThat(sent.join()).isFalse();
        runTimer();
        assertThat(published).containsExactly("u1");
    }
}
