package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.store.FeedEvent.Type;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link EventFeed} contract, run against every implementation (capacity 5). */
abstract class AbstractEventFeedContractTest {
    protected EventFeed feed;

    protected abstract EventFeed create(int capacity);

    @BeforeEach
    void open() {
        feed = create(5);
    }

    /** Appends are fire-and-forget: wait until {@code n} user events of {@code app} are buffered by taking none. */
    private List<FeedEvent> takeAll(String app, EventFeed.Kind kind) {
        return feed.take(app, kind, 1000).join();
    }

    @Test
    void take_returnsOldestFirst_onceEach_andKindsAndAppsApart() {
        feed.append("app", new FeedEvent(Type.Login, "alice", null, 1));
        feed.append("app", new FeedEvent(Type.Join, "alice", "room", 2));
        feed.append("app", new FeedEvent(Type.Logout, "alice", null, 3));
        feed.append("other", new FeedEvent(Type.Login, "zed", null, 4));

        Awaitility.await().untilAsserted(() -> assertThat(feed.take("app", EventFeed.Kind.USER, 1).join())
                .containsExactly(new FeedEvent(Type.Login, "alice", null, 1)));
        assertThat(takeAll("app", EventFeed.Kind.USER)).containsExactly(new FeedEvent(Type.Logout, "alice", null, 3));
        assertThat(takeAll("app", EventFeed.Kind.USER)).as("consumed once").isEmpty();
        assertThat(takeAll("app", EventFeed.Kind.CHANNEL)).containsExactly(new FeedEvent(Type.Join, "alice", "room", 2));
        assertThat(takeAll("other", EventFeed.Kind.USER)).containsExactly(new FeedEvent(Type.Login, "zed", null, 4));
    }

    @Test
    void aFullBuffer_dropsItsOldest() {
        for (int i = 0; i < 8; i++) {
            feed.append("app", new FeedEvent(Type.Login, "u" + i, null, i));
        }
        feed.append("app", new FeedEvent(Type.Leave, "marker", "room", 99));
        Awaitility.await().untilAsserted(() -> assertThat(feed.take("app", EventFeed.Kind.CHANNEL, 10).join()).hasSize(1));
        assertThat(takeAll("app", EventFeed.Kind.USER)).extracting(FeedEvent::userId)
                .containsExactly("u3", "u4", "u5", "u6", "u7");
    }
}
