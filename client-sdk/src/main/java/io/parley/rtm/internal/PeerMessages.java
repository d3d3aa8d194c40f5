package io.parley.rtm.internal;

import com.google.protobuf.ByteString;
import io.parley.protocol.Identifiers;
import io.parley.protocol.MessageRules;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DeliveryAck;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.PeerMessagePush;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmMessageType;
import io.parley.rtm.RtmStatusCode.PeerMessageError;
import io.parley.rtm.SendMessageOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer messages in the SDK. Sending: argument checks first (INVALID_USERID, INVALID_MESSAGE),
 * then a session-bound request answered only when the peer acknowledged it. Receiving: each push
 * is handed to {@code onMessageReceived} on the callback executor and acknowledged to the server
 * only after that callback returned; pushes re-sent after a resume are recognised by message id
 * and acknowledged again without reaching the app twice.
 */
final class PeerMessages {
    private static final Logger log = LoggerFactory.getLogger(PeerMessages.class);
    private static final int DEDUP_WINDOW = 8192;

    private final ConnectionManager manager;
    private final RtmClientListener listener;
    private final Executor callbacks;
    private final Duration timeout;
    /** Recently delivered message ids (per server session), oldest first. Guarded by itself. */
    private final LinkedHashSet<Long> seen = new LinkedHashSet<>();

    PeerMessages(ConnectionManager manager, RtmClientListener listener, Executor callbacks, Duration timeout) {
        this.manager = manager;
        this.listener = listener;
        this.callbacks = callbacks;
        this.timeout = timeout;
    }

    void send(String peerId, RtmMessage message, SendMessageOptions options, ResultCallback<Void> cb) {
        if (!Identifiers.isValidUserId(peerId)) {
            Callbacks.failure(callbacks, cb, PeerMessageError.class, PeerMessageError.PEER_MESSAGE_ERR_INVALID_USERID);
            return;
        }
        MessageBody body = body(message);
        if (body == null) {
            Callbacks.failure(callbacks, cb, PeerMessageError.class, PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE);
            return;
        }
        SendPeerMessage.Builder req = SendPeerMessage.newBuilder().setPeerId(peerId).setBody(body);
        if (options != null) {
            req.setEnableOfflineMessaging(options.enableOfflineMessaging)
                    .setEnableHistoricalMessaging(options.enableHistoricalMessaging);
        }
        manager.sessionRequest(ClientFrame.newBuilder().setSendPeerMessage(req), timeout).whenComplete((reply, err) -> {
            if (err == null && reply.getStatus().getCode() == ErrorCode.OK) {
                Callbacks.success(callbacks, cb, null);
            } else {
                Callbacks.failure(callbacks, cb, PeerMessageError.class, err != null ? code(err) : code(reply.getStatus().getCode()));
            }
        });
    }

    /** The wire body of a message, or null if RTM would call it invalid (null, empty, over 32 KB). */
    static MessageBody body(RtmMessage message) {
        if (message == null) {
            return null;
        }
        String text = message.getText() == null ? "" : message.getText();
        if (message.getMessageType() == RtmMessageType.RAW) {
            byte[] raw = message.getRawMessage();
            int len = raw == null ? 0 : raw.length;
            return MessageRules.isValid(MessageRules.RAW, text, len) ? MessageBody.newBuilder()
                    .setType(MessageType.MESSAGE_TYPE_RAW).setText(text).setRaw(ByteString.copyFrom(raw)).build() : null;
        }
        if (message.getMessageType() != RtmMessageType.TEXT) {
            return null;
        }
        return MessageRules.isValid(MessageRules.TEXT, text, 0)
                ? MessageBody.newBuilder().setType(MessageType.MESSAGE_TYPE_TEXT).setText(text).build() : null;
    }

    private static int code(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof ConnectionManager.NotConnectedException) {
            return PeerMessageError.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN;
        }
        if (t instanceof TimeoutException || t instanceof PendingRequests.SessionLostException) {
            return PeerMessageError.PEER_MESSAGE_ERR_TIMEOUT;
        }
        return PeerMessageError.PEER_MESSAGE_ERR_FAILURE;
    }

    static int code(ErrorCode c) {
        return switch (c) {
            case OK -> PeerMessageError.PEER_MESSAGE_ERR_OK;
            case TIMEOUT -> PeerMessageError.PEER_MESSAGE_ERR_TIMEOUT;
            case PEER_UNREACHABLE -> PeerMessageError.PEER_MESSAGE_ERR_PEER_UNREACHABLE;
            case CACHED_BY_SERVER -> PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER;
            case TOO_OFTEN -> PeerMessageError.PEER_MESSAGE_ERR_TOO_OFTEN;
            case INVALID_USER_ID -> PeerMessageError.PEER_MESSAGE_ERR_INVALID_USERID;
            case INVALID_MESSAGE -> PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE;
            case NOT_LOGGED_IN -> PeerMessageError.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN;
            default -> PeerMessageError.PEER_MESSAGE_ERR_FAILURE;
        };
    }

    /** A peer-message push, on an I/O thread. */
    void received(PeerMessagePush push) {
        long id = push.getMessageId();
        if (!MessageRules.isValid(push.getBody())) {
            // a protocol error for this message alone: not shown to the app, not acknowledged
            log.warn("skipping peer message {} from {}: its body breaks the RTM message rules", id,
                    push.getFromUserId());
            return;
        }
        ClientFrame ack = ClientFrame.newBuilder().setDeliveryAck(DeliveryAck.newBuilder().addMessageIds(id)).build();
        boolean fresh;
        synchronized (seen) {
            fresh = seen.add(id);
            if (seen.size() > DEDUP_WINDOW) {
                Iterator<Long> oldest = seen.iterator();
                oldest.next();
                oldest.remove();
            }
        }
        if (!fresh) {
            manager.sendOneWay(ack); // a re-send after resume: we had it already
            return;
        }
        MessageBody b = push.getBody();
        RtmMessageImpl message = RtmMessageImpl.received(b.getTypeValue(), b.getText(), b.getRaw().toByteArray(),
                push.getServerReceivedTs(), push.getOffline());
        String from = push.getFromUserId();
        callbacks.execute(() -> {
            try {
                listener.onMessageReceived(message, from);
            } finally {
                manager.sendOneWay(ack); // acknowledged only once the app has it
            }
        });
    }

    /** A new server session: message ids start over. */
    void reset() {
        synchronized (seen) {
            seen.clear();
        }
    }

    static boolean isPeerMessage(ServerFrame push) {
        return push.getBodyCase() == ServerFrame.BodyCase.PEER_MESSAGE;
    }
}
