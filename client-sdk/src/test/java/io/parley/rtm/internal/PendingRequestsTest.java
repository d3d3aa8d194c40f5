package io.parley.rtm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.Ping;
import io.parley.rtm.internal.wire.ServerFrame;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private final ManualTimers timers = new ManualTimers();
    private final DeadlineSweeper sweeper = new DeadlineSweeper(timers);
    private final PendingRequests pending = new PendingRequests(sweeper);

    private PendingRequests.Registered register(long timeoutMillis, boolean session) {
        return pending.register(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()), timeoutMillis, session);
    }

    @Test
    void ids_areDistinctAndNonZero() {
        int a = register(1_000, false).frame().getRequestId();
        int b = register(1_000, false).frame().getRequestId();
        assertThat(a).isNotZero().isNotEqualTo(b);
    }

    @Test
    void reply_completesItsRequestOnce_aLateReplyFindsNobody() {
        PendingRequests.Registered r = register(1_000, false);
        ServerFrame reply = ServerFrame.newBuilder().setRequestId(r.frame().getRequestId()).build();
        assertThat(pending.complete(reply)).isTrue();
        assertThat(r.answer()).isCompletedWithValue(reply);
        assertThat(pending.complete(reply)).isFalse();
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void eachRequest_timesOutAtItsOwnDeadline() {
        PendingRequests.Registered shortOne = register(100, false);
        PendingRequests.Registered longOne = register(1_000, false);
        timers.advance(125);
        assertThat(shortOne.answer()).isCompletedExceptionally();
        assertThat(longOne.answer()).isNotDone();
        timers.advance(900);
        assertThat(longOne.answer()).isCompletedExceptionally();
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void sweeper_runsOnlyWhileSomethingIsPending() {
        assertThat(sweeper.running()).isFalse();
        PendingRequests.Registered r = register(1_000, false);
        assertThat(sweeper.running()).isTrue();
        pending.complete(ServerFrame.newBuilder().setRequestId(r.frame().getRequestId()).build());
        timers.advance(DeadlineSweeper.PERIOD_MILLIS);
        assertThat(sweeper.running()).isFalse();
        assertThat(timers.pending()).isZero();
        register(1_000, false);
        assertThat(sweeper.running()).isTrue();
    }

    @Test
    void connectionLoss_failsConnectionBound_only_sessionLoss_failsAllButTheKept() {
        PendingRequests.Registered conn = register(1_000, false);
        PendingRequests.Registered session = register(1_000, true);
        PendingRequests.Registered deferred = register(1_000, true);
        pending.failConnectionBound(new PendingRequests.ConnectionLostException());
        assertThat(conn.answer()).isCompletedExceptionally();
        assertThat(session.answer()).isNotDone();

        pending.failAllExcept(Collections.singletonList(deferred), new PendingRequests.SessionLostException());
        assertThat(session.answer()).isCompletedExceptionally();
        assertThat(deferred.answer()).isNotDone();
        CompletableFuture<ServerFrame> d = deferred.answer();
        pending.failAll(new PendingRequests.SessionClosedException());
        assertThat(d).isCompletedExceptionally();
    }
}
