package io.parley.server.history;

import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.store.HistoryRecord;
import io.parley.server.store.MessageHistory;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages sent with the history option ({@code enableHistoricalMessaging}, REST
 * {@code enable_historical_messaging}) in the {@link MessageHistory}. As in RTM only text
 * messages are kept; a raw message is delivered but not archived. Archiving never holds up or
 * fails the send: a failed append is logged and counted.
 */
public final class MessageArchive {
    private static final Logger log = LoggerFactory.getLogger(MessageArchive.class);

    /** Archives nothing (servers and tests without history). */
    public static final MessageArchive NONE = new MessageArchive(null);

    private final MessageHistory history;
    private volatile ParleyMetrics metrics = ParleyMetrics.NOOP;

    public MessageArchive(MessageHistory history) {
        this.history = history;
    }

    public void metrics(ParleyMetrics m) {
        this.metrics = m;
    }

    public CompletableFuture<Void> peer(String appId, String from, String to, MessageBody body, long ms) {
        return archive(appId, from, to, HistoryRecord.Kind.PEER, body, ms);
    }

    public CompletableFuture<Void> channel(String appId, String from, String channelId, MessageBody body, long ms) {
        return archive(appId, from, channelId, HistoryRecord.Kind.CHANNEL, body, ms);
    }

    private CompletableFuture<Void> archive(String appId, String from, String to, HistoryRecord.Kind kind,
                                            MessageBody body, long ms) {
        if (history == null || body.getType() != MessageType.MESSAGE_TYPE_TEXT) {
            return CompletableFuture.completedFuture(null);
        }
        return history.append(appId, new HistoryRecord(from, to, kind, body.getText(), ms)).whenComplete((x, err) -> {
            if (err != null) {
                metrics.historyAppendFailed();
                log.warn("history append failed for app={}: {}", appId, err.toString());
            }
        });
    }
}
