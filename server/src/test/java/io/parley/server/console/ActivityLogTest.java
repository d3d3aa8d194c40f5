package io.parley.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.server.cluster.ChannelKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityLogTest {
    private static MessageBody text(String t) {
        return MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(t).build();
    }

    private final ActivityLog log = new ActivityLog(() -> 42);

    @Test
    void after_returnsOnlyNewerEvents_ofTheScopesApps_andForgetsBeyondItsCapacity() {
        log.memberJoined(new ChannelKey("a", "room"), "ann");
        log.rateLimited("b", "bo", "JOIN");
        log.invitation("a", "ann", "bo", "refused");
        assertThat(log.after(0, null)).extracting(ActivityLog.Activity::type)
                .containsExactly("join", "rate_limited", "invitation");
        assertThat(log.after(1, List.of("a"))).extracting(ActivityLog.Activity::detail).containsExactly("refused (to bo)");
        for (int i = 0; i < ActivityLog.CAPACITY + 10; i++) {
            log.rateLimited("a", "u" + i, "MESSAGE");
        }
        List<ActivityLog.Activity> all = log.after(0, null);
        assertThat(all).hasSize(ActivityLog.CAPACITY);
        assertThat(all.get(all.size() - 1).user()).isEqualTo("u" + (ActivityLog.CAPACITY + 9));
    }

    @Test
    void subscribe_getsTheBacklogThenEachNewEvent_inOrder_andStopsWhenClosed() throws Exception {
        log.rateLimited("a", "one", "JOIN");
        log.rateLimited("b", "other-app", "JOIN");
        List<String> seen = new ArrayList<>();
        AutoCloseable sub = log.subscribe(0, List.of("a"), e -> seen.add(e.user()));
        log.rateLimited("a", "two", "JOIN");
        sub.close();
        log.rateLimited("a", "three", "JOIN");
        assertThat(seen).containsExactly("one", "two");
    }

    @Test
    void subscribers_areCapped() {
        for (int i = 0; i < ActivityLog.MAX_SUBSCRIBERS; i++) {
            assertThat(log.subscribe(0, null, e -> { })).isNotNull();
        }
        assertThat(log.subscribe(0, null, e -> { })).isNull();
    }

    @Test
    void messages_areRecordedOnlyWhileWatched_andTheirTextOnlyWhenTurnedOn() throws Exception {
        assertThat(log.watchingMessages()).isFalse();
        AutoCloseable sub = log.subscribe(0, null, e -> { });
        assertThat(log.watchingMessages()).isTrue();
        log.message("a", "ann", "bo", false, text("secret text"));
        log.message("a", "ann", "room", true, text("room text"));
        assertThat(log.after(0, null)).extracting(ActivityLog.Activity::detail).containsExactly("to bo", null);
        sub.close();
        assertThat(log.watchingMessages()).isFalse();

        ActivityLog open = new ActivityLog(() -> 1, true);
        open.message("a", "ann", "bo", false, text("shown"));
        open.message("a", "ann", "room", true, text("also shown"));
        assertThat(open.after(0, null)).extracting(ActivityLog.Activity::detail).containsExactly("to bo: shown", "also shown");
    }
}
