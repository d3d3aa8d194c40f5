package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RocksDbMessageHistoryTest extends AbstractMessageHistoryContractTest {
    private Path dir;

    @Override
    protected MessageHistory create(Duration retention, long maxPerApp) throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("parley-history");
        }
        return new RocksDbMessageHistory(dir, retention, maxPerApp, now::get);
    }

    @Test
    void reopen_keepsRecords_andTheCapCountsThem() throws Exception {
        for (int i = 0; i < 3; i++) {
            history.append("app", new HistoryRecord("alice", "bob", HistoryRecord.Kind.PEER, "m" + i, 1000 + i)).join();
        }
        history.close();
        history = create(RETENTION, 3);
        history.append("app", new HistoryRecord("alice", "bob", HistoryRecord.Kind.PEER, "m3", 1003)).join();
        assertThat(history.query("app", new HistoryFilter("alice", null, 0, 5000), 0, 10, false).join())
                .extracting(HistoryRecord::payload).as("the cap held across the restart").containsExactly("m1", "m2", "m3");
    }
}
