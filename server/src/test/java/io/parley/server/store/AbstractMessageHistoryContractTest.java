package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.store.HistoryRecord.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link MessageHistory} contract, run against every implementation. */
abstract class AbstractMessageHistoryContractTest {
    protected static final Duration RETENTION = Duration.ofDays(7);
    protected final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    protected MessageHistory history;

    protected abstract MessageHistory create(Duration retention, long maxPerApp) throws Exception;

    @BeforeEach
    void open() throws Exception {
        history = create(RETENTION, 1_000);
    }

    @AfterEach
    void closeIt() {
        history.close();
    }

    private void add(String app, String src, String dst, Kind kind, String text, long ms) {
        history.append(app, new HistoryRecord(src, dst, kind, text, ms)).join();
    }

    private List<String> texts(String app, HistoryFilter f, int offset, int limit, boolean desc) {
        return history.query(app, f, offset, limit, desc).join().stream().map(HistoryRecord::payload).toList();
    }

    @Test
    void filters_selectBySenderDestinationPairAndTimeWindow() {
        add("app", "alice", "bob", Kind.PEER, "a->b 1", 1000);
        add("app", "alice", "bob", Kind.PEER, "a->b 2", 2000);
        add("app", "alice", "room", Kind.CHANNEL, "a->room", 3000);
        add("app", "carol", "bob", Kind.PEER, "c->b", 4000);
        add("other", "alice", "bob", Kind.PEER, "other app", 2500);

        assertThat(texts("app", new HistoryFilter("alice", null, 0, 10_000), 0, 100, false))
                .containsExactly("a->b 1", "a->b 2", "a->room");
        assertThat(texts("app", new HistoryFilter(null, "bob", 0, 10_000), 0, 100, false))
                .containsExactly("a->b 1", "a->b 2", "c->b");
        assertThat(texts("app", new HistoryFilter("alice", "bob", 0, 10_000), 0, 100, false))
                .containsExactly("a->b 1", "a->b 2");
        assertThat(texts("app", new HistoryFilter(null, "room", 0, 10_000), 0, 100, false)).containsExactly("a->room");
        assertThat(texts("app", new HistoryFilter(null, "bob", 2000, 4000), 0, 100, false))
                .as("both ends of the window are inclusive").containsExactly("a->b 2", "c->b");
        assertThat(history.count("app", new HistoryFilter(null, "bob", 0, 10_000)).join()).isEqualTo(3);
        assertThat(history.count("app", new HistoryFilter("alice", "bob", 1500, 10_000)).join()).isEqualTo(1);
        assertThat(history.count("app", new HistoryFilter("nobody", null, 0, 10_000)).join()).isZero();
    }

    @Test
    void records_keepEveryField() {
        add("app", "alice", "room", Kind.CHANNEL, "héllo ✓", 1234);
        assertThat(history.query("app", new HistoryFilter(null, "room", 0, 2000), 0, 10, false).join())
                .containsExactly(new HistoryRecord("alice", "room", Kind.CHANNEL, "héllo ✓", 1234));
    }

    @Test
    void paging_andOrder_walkTheWindowOnce() {
        for (int i = 0; i < 25; i++) {
            add("app", "alice", "bob", Kind.PEER, "m" + i, 1000 + i / 2); // pairs share a millisecond
        }
        HistoryFilter f = new HistoryFilter("alice", "bob", 0, 10_000);
        List<String> asc = new java.util.ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            asc.addAll(texts("app", f, offset, 10, false));
        }
        assertThat(asc).as("same-millisecond records keep their order").containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 25).mapToObj(i -> "m" + i).toList());
        assertThat(texts("app", f, 0, 3, true)).containsExactly("m24", "m23", "m22");
        assertThat(texts("app", f, 23, 10, true)).containsExactly("m1", "m0");
        assertThat(texts("app", f, 30, 10, false)).isEmpty();
    }

    @Test
    void purge_dropsWhatIsPastRetention_andTheOldestBeyondTheCap() throws Exception {
        history.close();
        history = create(RETENTION, 3);
        long old = now.get() - RETENTION.toMillis() - 1;
        add("app", "alice", "bob", Kind.PEER, "expired", old);
        for (int i = 0; i < 4; i++) {
            add("app", "alice", "bob", Kind.PEER, "fresh" + i, now.get() + i);
        }
        history.purge().join();
        HistoryFilter all = new HistoryFilter("alice", null, 0, Long.MAX_VALUE / 2);
        assertThat(texts("app", all, 0, 100, false)).containsExactly("fresh1", "fresh2", "fresh3");
        assertThat(history.count("app", new HistoryFilter(null, "bob", 0, Long.MAX_VALUE / 2)).join())
                .as("index entries went with their records").isEqualTo(3);
        assertThat(history.count("app", new HistoryFilter("alice", "bob", 0, Long.MAX_VALUE / 2)).join()).isEqualTo(3);
    }

    @Test
    void idsWithSeparatorCharacters_doNotMixUp() {
        add("app", "a:b", "c", Kind.PEER, "one", 1000);
        add("app", "a", "b:c", Kind.PEER, "two", 1000);
        assertThat(texts("app", new HistoryFilter("a:b", "c", 0, 2000), 0, 10, false)).containsExactly("one");
        assertThat(texts("app", new HistoryFilter("a", "b:c", 0, 2000), 0, 10, false)).containsExactly("two");
        assertThat(texts("app", new HistoryFilter("a", null, 0, 2000), 0, 10, false)).containsExactly("two");
    }
}
