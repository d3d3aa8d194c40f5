package io.parley.rtm.internal;

import com.google.protobuf.ByteString;
import io.parley.protocol.Identifiers;
import io.parley.protocol.MessageRules;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.DeliveryAck;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.MessageBody;
import io.parley.rtm.internal.wire.MessageType;
import io.parley.rtm.internal.wire.PeerMessagePush;
import io.parley.rtm.internal.wire.SendPeerMessage;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmMessageType;
import io.parley.rtm.RtmStatusCode.PeerMessageError;
import io.parley.rtm.SendMessageOptions;
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
    private final long timeoutMillis;
    /** Recently delivered message ids (per server session), oldest first. Guarded by itself. */
    private final LinkedHashSet<Long> seen = new LinkedHashSet<>();

    PeerMessages(ConnectionManager manager, RtmClientListener listener, Executor callbacks, long timeoutMillis) {
        this.manager = manager;
        this.listener = listener;
        this.callbacks = callbacks;
        this.timeoutMillis = timeoutMillis;
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
        manager.sessionRequest(ClientFrame.newBuilder().setSendPeerMessage(req), timeoutMillis).whenComplete((reply, err) -> {
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
        switch (c) {
            case OK:
                return PeerMessageError.PEER_MESSAGE_ERR_OK;
            case TIMEOUT:
                return PeerMessageError.PEER_MESSAGE_ERR_TIMEOUT;
            case PEER_UNREACHABLE:
                return PeerMessageError.PEER_MESSAGE_ERR_PEER_UNREACHABLE;
            case CACHED_BY_SERVER:
                return PeerMessageError.PEER_MESSAGE_ERR_CACHED_BY_SERVER;
            case TOO_OFTEN:
                return PeerMessageError.PEER_MESSAGE_ERR_TOO_OFTEN;
            case INVALID_USER_ID:
                return PeerMessageError.PEER_MESSAGE_ERR_INVALID_USERID;
            case INVALID_MESSAGE:
                return PeerMessageError.PEER_MESSAGE_ERR_INVALID_MESSAGE;
            case NOT_LOGGED_IN:
                return PeerMessageError.PEER_MESSAGE_ERR_USER_NOT_LOGGED_IN;
            default:
                return PeerMessageError.PEER_MESSAGE_ERR_FAILURE;
        }
    }

    /** The RTM message rules applied to a body as received ({@code text} measured as its UTF-8 bytes). */
    static boolean isValid(MessageBody body) {
        return MessageRules.isValidSize(body.getTypeValue(), body.getTextBytes().size(), body.getRaw().size());
    }

    /** A peer-message push, on an I/O thread. */
    void received(PeerMessagePush push) {
        long id = push.getMessageId();
        if (!isValid(push.getBody())) {
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
