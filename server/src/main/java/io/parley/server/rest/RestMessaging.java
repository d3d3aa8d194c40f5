package io.parley.server.rest;

import io.parley.protocol.Identifiers;
import io.parley.protocol.MessageRules;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.server.cluster.ChannelKey;
import io.parley.server.channels.ChannelService;
import io.parley.server.history.MessageArchive;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.messaging.PeerMessagingService.PeerOutcome;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST …/rtm/users/{user_id}/peer_messages} and {@code …/channel_messages}: a text message
 * sent by the server as {@code user_id} (who need not be logged in), delivered as an ordinary
 * peer or channel message.
 *
 * <p>Peer results: {@code message_sent} once the push is queued for the online recipient
 * ({@code wait_for_ack=false}); {@code message_delivered} once the recipient's SDK acknowledged it
 * ({@code wait_for_ack=true}; the same ack a client sender waits for); {@code message_offline}
 * when the recipient is offline — with {@code result: success}, so a client of either documented
 * shape accepts it — whether or not {@code enable_offline_messaging} stored it. No ack within the
 * server's peer ack timeout (10 s) → 408 {@code message_timeout} (the message stays queued for
 * the recipient, as for an SDK sender).
 */
final class RestMessaging {
    record PeerMessage(String destination, Boolean enableOfflineMessaging, Boolean enableHistoricalMessaging,
                       String payload) {
    }

    record ChannelMessage(String channelName, Boolean enableHistoricalMessaging, String payload) {
    }

    private final PeerMessagingService messaging;
    private final ChannelService channels;
    private final MessageArchive archive;
    private final java.util.function.LongSupplier clockMillis;

    RestMessaging(PeerMessagingService messaging, ChannelService channels, MessageArchive archive,
                  java.util.function.LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.messaging = messaging;
        this.channels = channels;
        this.archive = archive;
    }

    CompletionStage<Map<String, Object>> peer(String appId, String from, PeerMessage m, boolean waitForAck) {
        String to = required("destination", m.destination());
        if (!Identifiers.isValidUserId(to)) {
            throw RestError.badRequest("invalid_destination", "'destination' breaks the RTM user id rules");
        }
        MessageBody body = text(m.payload());
        return messaging.sendFromServer(appId, from, to, body, Boolean.TRUE.equals(m.enableOfflineMessaging()),
                waitForAck, Boolean.TRUE.equals(m.enableHistoricalMessaging())).thenApply(RestMessaging::peerResult);
    }

    CompletionStage<Map<String, Object>> channel(String appId, String from, ChannelMessage m) {
        String channelId = required("channel_name", m.channelName());
        if (!Identifiers.isValidChannelId(channelId)) {
            throw RestError.badRequest("invalid_channel_name", "'channel_name' breaks the RTM channel id rules");
        }
        MessageBody body = text(m.payload());
        return channels.sendFromServer(new ChannelKey(appId, channelId), from, body).thenCompose(n -> {
            Map<String, Object> out = result("message_sent");
            if (!Boolean.TRUE.equals(m.enableHistoricalMessaging())) {
                return java.util.concurrent.CompletableFuture.completedFuture(out);
            }
            // answered once archived, so a history query right after the answer finds it
            return archive.channel(appId, from, channelId, body, clockMillis.getAsLong())
                    .handle((x, err) -> out);
        });
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw RestError.badRequest("invalid_argument", "'" + field + "' is required");
        }
        return value;
    }

    /** Agora's payload: a non-empty string of at most 32 KB (UTF-8), delivered as a text message. */
    private static MessageBody text(String payload) {
        required("payload", payload);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (payload.isEmpty() || !MessageRules.isValid(MessageType.MESSAGE_TYPE_TEXT_VALUE, payload, 0)) {
            throw RestError.badRequest("invalid_payload", "'payload' must be 1 to 32768 bytes of text (got " + bytes
                    + ")");
        }
        return MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(payload).build();
    }

    private static Map<String, Object> peerResult(PeerOutcome o) {
        return switch (o.code()) {
            case OK -> result(o.awaitingAck() ? "message_sent" : "message_delivered");
            case CACHED_BY_SERVER, PEER_UNREACHABLE -> result("message_offline");
            case TIMEOUT -> throw new RestError(408, "message_timeout",
                    "the recipient did not acknowledge in time; the message stays queued for it");
            case INVALID_USER_ID -> throw RestError.badRequest("invalid_argument", o.detail());
            case INVALID_MESSAGE -> throw RestError.badRequest("invalid_payload", o.detail());
            case TOO_OFTEN -> throw new RestError(429, "too_many_requests", o.detail());
            default -> throw new RestError(503, "unavailable", o.detail());
        };
    }

    static Map<String, Object> result(String code) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", "success");
        out.put("code", code);
        return out;
    }
}
