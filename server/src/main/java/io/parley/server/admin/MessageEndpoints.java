package io.parley.server.admin;

import com.google.protobuf.ByteString;
import io.parley.protocol.Identifiers;
import io.parley.protocol.peer.MessageBodies;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.server.cluster.ChannelKey;
import io.parley.server.channels.ChannelService;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.messaging.PeerMessagingService.PeerOutcome;

/**
 * {@code POST apps/{app}/users/{user}/peer_messages} and {@code POST apps/{app}/channels/{channel}/messages}:
 * messages sent by the server, on behalf of a named user or of {@value #SYSTEM_USER}.
 *
 * <p>A peer message answers like the SDK's {@code sendMessageToPeer}: 200 with {@code result}
 * OK (the recipient's SDK acknowledged it), CACHED_BY_SERVER, PEER_UNREACHABLE or TIMEOUT and the
 * RTM {@code PEER_MESSAGE_ERR_*} number in {@code rtm_code}; 400 for an invalid user id or message.
 */
final class MessageEndpoints {
    /** Sender id of messages sent without {@code from}. */
    static final String SYSTEM_USER = "system";

    record PeerMessageRequest(String from, String text, byte[] raw, String description,
                              boolean enableOfflineMessaging) {
    }

    record ChannelMessageRequest(String from, String text, byte[] raw, String description) {
    }

    record PeerMessageResult(String result, int rtmCode, long messageId, long serverReceivedTs) {
    }

    record ChannelMessageResult(String result, int rtmCode, int deliveries) {
    }

    private final PeerMessagingService messaging;
    private final ChannelService channels;

    MessageEndpoints(PeerMessagingService messaging, ChannelService channels) {
        this.messaging = messaging;
        this.channels = channels;
    }

    void register(Router r) {
        r.add("POST", "apps/{app}/users/{user}/peer_messages", this::sendPeer);
        r.add("POST", "apps/{app}/channels/{channel}/messages", this::sendChannel);
    }

    private Object sendPeer(Router.Call call) {
        PeerMessageRequest req = call.body(PeerMessageRequest.class);
        String from = sender(req.from());
        MessageBody body = body(req.text(), req.raw(), req.description(), 7);
        return messaging.sendFromServer(call.param("app"), from, call.param("user"), body, req.enableOfflineMessaging())
                .thenApply(MessageEndpoints::peerResult);
    }

    private Object sendChannel(Router.Call call) {
        ChannelMessageRequest req = call.body(ChannelMessageRequest.class);
        String channelId = call.param("channel");
        if (!Identifiers.isValidChannelId(channelId)) {
            throw AdminError.badRequest("INVALID_CHANNEL_ID", "channel id breaks the RTM id rules");
        }
        String from = sender(req.from());
        MessageBody body = body(req.text(), req.raw(), req.description(), 4);
        return channels.sendFromServer(new ChannelKey(call.param("app"), channelId), from, body)
                .thenApply(n -> new ChannelMessageResult("OK", 0, n));
    }

    private static String sender(String from) {
        if (from == null) {
            return SYSTEM_USER;
        }
        if (!Identifiers.isValidUserId(from)) {
            throw AdminError.badRequest("INVALID_USERID", "'from' breaks the RTM user id rules");
        }
        return from;
    }

    /** Text XOR raw (base64, with an optional description), within RTM's 32 KB. */
    private static MessageBody body(String text, byte[] raw, String description, int invalidMessageRtmCode) {
        MessageBody.Builder b = MessageBody.newBuilder();
        if (raw != null) {
            if (text != null) {
                throw AdminError.badRequest("INVALID_MESSAGE", "give either 'text' or 'raw' (base64), not both");
            }
            b.setType(MessageType.MESSAGE_TYPE_RAW).setRaw(ByteString.copyFrom(raw))
                    .setText(description == null ? "" : description);
        } else {
            if (description != null) {
                throw AdminError.badRequest("INVALID_MESSAGE", "'description' goes with a 'raw' message");
            }
            b.setType(MessageType.MESSAGE_TYPE_TEXT).setText(text == null ? "" : text);
        }
        MessageBody body = b.build();
        if (!MessageBodies.isValid(body)) {
            throw new AdminError(400, "INVALID_MESSAGE", "message is empty or over 32 KB", invalidMessageRtmCode);
        }
        return body;
    }

    private static PeerMessageResult peerResult(PeerOutcome o) {
        ErrorCode code = o.code();
        return switch (code) {
            case OK -> new PeerMessageResult("OK", 0, o.messageId(), o.serverReceivedTs());
            case TIMEOUT -> new PeerMessageResult("TIMEOUT", 2, 0, o.serverReceivedTs());
            case PEER_UNREACHABLE -> new PeerMessageResult("PEER_UNREACHABLE", 3, 0, o.serverReceivedTs());
            case CACHED_BY_SERVER -> new PeerMessageResult("CACHED_BY_SERVER", 4, 0, o.serverReceivedTs());
            case INVALID_USER_ID -> throw new AdminError(400, "INVALID_USERID", o.detail(), 6);
            case INVALID_MESSAGE -> throw new AdminError(400, "INVALID_MESSAGE", o.detail(), 7);
            default -> throw new AdminError(503, "FAILURE", o.detail(), 1);
        };
    }
}
