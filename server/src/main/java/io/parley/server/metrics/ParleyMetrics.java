package io.parley.server.metrics;

import java.util.function.Supplier;

/**
 * What the server counts, independent of the metrics library (Micrometer in production, {@link #NOOP}
 * in unit tests). Tags are low-cardinality by construction: operation names, result codes and
 * close reasons — never a user id, channel id or app id. Implementations are thread-safe and cheap
 * enough for the per-message path.
 */
public interface ParleyMetrics {
    ParleyMetrics NOOP = new ParleyMetrics() {
    };

    /** @param transport tcp or ws */
    default void connectionOpened(String transport) {
    }

    /**
     * @param transport tcp or ws
     * @param reason    low-cardinality close reason: peer, slow_consumer or the DisconnectCode name
     */
    default void connectionClosed(String transport, String reason) {
    }

    /**
     * A WebSocket request or connection refused or closed for breaking the rules.
     *
     * @param reason not_upgrade, method, version, origin, node_limit, address_limit, text_frame,
     *               too_large or protocol
     */
    default void webSocketRejected(String reason) {
    }

    /**
     * An HTTP-port connection or request refused before it cost the server a request's worth.
     *
     * @param reason connection_limit, idle_timeout, body_timeout, pipelining, unauthorized or method
     */
    default void httpRefused(String reason) {
    }

    /** @param reason node_limit or address_limit: a new connection refused at a connection cap */
    default void connectionRefused(String reason) {
    }

    /** A client that stopped reading was disconnected (its outbound buffer passed the limit). */
    default void slowConsumerDisconnect() {
    }

    /** @param result OK or the LoginFailure name */
    default void login(String result) {
    }

    /** @param type the ClientFrame body case */
    default void frameIn(Enum<?> type) {
    }

    /** @param type the ServerFrame body case (RELAYED for frames encoded on another node) */
    default void frameOut(Enum<?> type) {
    }

    /** @param outcome the wire ErrorCode answered to the sender (OK once acked) */
    default void peerMessage(Enum<?> outcome) {
    }

    /** Server-side delivery latency of a peer message: received → recipient's ack. */
    default void peerDeliveryLatency(long nanos) {
    }

    default void channelMessage(int deliveries) {
    }

    /**
     * A message body that breaks the RTM rules was refused or dropped.
     *
     * @param source peer, channel (a client's request), node (from another cluster node) or
     *               offline_store (stored before the rules were enforced; dropped on read)
     */
    default void invalidMessage(String source) {
    }

    /** A message sent with the history option could not be archived (the send itself went ahead). */
    default void historyAppendFailed() {
    }

    /** A call to Agora's REST API: {@code endpoint} (peer_messages, user_events…) and the HTTP status answered. */
    default void restCall(String endpoint, int status) {
    }

    /**
     * A frame over the client's frame limit was not written (a bug caught by the last guard: the
     * features keep every frame within the limit).
     *
     * @param type the ServerFrame body case, or RELAYED
     */
    default void oversizeFrame(Enum<?> type) {
    }

    /** @param operation the rate-limited Operation name */
    default void rateLimited(String operation) {
    }

    /** @param outcome accepted, refused, canceled or failure_N */
    default void invitation(String outcome) {
    }

    /** Registers a gauge read at scrape time (sessions, channels, pending acks, direct memory…). */
    default void gauge(String name, String description, Supplier<Number> value) {
    }

    /** Prometheus text exposition, or null when this implementation has none. */
    default String scrape() {
        return null;
    }
}
