package io.parley.server.messaging;

import com.google.protobuf.ByteString;
import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.v1.MessageBody;
import io.parley.server.store.StoredMessage;

/**
 * A peer message as received: the request's body is passed on to the push unchanged (no copy);
 * it becomes a {@link StoredMessage} only when it goes to the offline store.
 */
record PeerMessage(String from, ByteString fromBytes, EncodedBody body, long serverReceivedTs) {
    PeerMessage(String from, EncodedBody body, long serverReceivedTs) {
        this(from, ByteString.copyFromUtf8(from), body, serverReceivedTs);
    }

    StoredMessage stored() {
        MessageBody b = body.decode();
        return new StoredMessage(0, from, b.getTypeValue(), b.getText(), b.getRaw().toByteArray(),
                serverReceivedTs, serverReceivedTs);
    }
}
