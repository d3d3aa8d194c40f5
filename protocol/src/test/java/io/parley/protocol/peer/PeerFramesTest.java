package io.parley.protocol.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.DeliveryAck;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.Login;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.PeerMessagePush;
import io.parley.protocol.v1.SendPeerMessage;
import io.parley.protocol.v1.SendPeerMessageReply;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerFramesTest {
    private static final Random RANDOM = new Random(42);

    @Test
    void sendPeerMessage_decodesToTheSameValuesProtobufParses() {
        for (int i = 0; i < 2_000; i++) {
            MessageBody body = randomBody();
            ClientFrame frame = ClientFrame.newBuilder().setRequestId(RANDOM.nextInt())
                    .setSendPeerMessage(SendPeerMessage.newBuilder().setPeerId(randomText(RANDOM.nextInt(20)))
                            .setBody(body).setEnableOfflineMessaging(RANDOM.nextBoolean())
                            .setEnableHistoricalMessaging(RANDOM.nextBoolean()))
                    .build();
            byte[] bytes = withPadding(frame.toByteArray());

            PeerFrames.Frame decoded = PeerFrames.decode(bytes, 3, bytes.length - 6);

            assertThat(decoded).isInstanceOf(PeerFrames.Send.class);
            PeerFrames.Send send = (PeerFrames.Send) decoded;
            SendPeerMessage expected = frame.getSendPeerMessage();
            assertThat(send.requestId()).isEqualTo(frame.getRequestId());
            assertThat(send.peerId()).isEqualTo(expected.getPeerId());
            assertThat(send.offlineAllowed()).isEqualTo(expected.getEnableOfflineMessaging());
            assertThat(send.historical()).isEqualTo(expected.getEnableHistoricalMessaging());
            assertThat(send.body().decode()).isEqualTo(body);
            assertThat(send.body().type()).isEqualTo(body.getTypeValue());
            assertThat(send.body().textBytes()).isEqualTo(body.getTextBytes().size());
            assertThat(send.body().rawBytes()).isEqualTo(body.getRaw().size());
        }
    }

    @Test
    void deliveryAck_packedUnpackedOrEmpty_decodesToTheIds() throws IOException {
        ClientFrame packed = ClientFrame.newBuilder().setRequestId(9)
                .setDeliveryAck(DeliveryAck.newBuilder().addMessageIds(1).addMessageIds(-1L).addMessageIds(1L << 40)).build();
        assertThat(((PeerFrames.Ack) decode(packed.toByteArray())).messageIds()).containsExactly(1, -1L, 1L << 40);

        // the same ids one field each (unpacked), as protobuf also accepts
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(ack);
        out.writeUInt64(1, 7);
        out.writeUInt64(1, 8);
        out.flush();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        CodedOutputStream f = CodedOutputStream.newInstance(frame);
        f.writeByteArray(21, ack.toByteArray());
        f.flush();
        byte[] unpacked = frame.toByteArray();
        assertThat(ClientFrame.parseFrom(unpacked).getDeliveryAck().getMessageIdsList()).containsExactly(7L, 8L);
        assertThat(((PeerFrames.Ack) decode(unpacked)).messageIds()).containsExactly(7, 8);

        ClientFrame empty = ClientFrame.newBuilder().setDeliveryAck(DeliveryAck.getDefaultInstance()).build();
        assertThat(((PeerFrames.Ack) decode(empty.toByteArray())).messageIds()).isEmpty();
    }

    @Test
    void framesThisCodecDoesNotRead_areLeftToProtobuf() throws IOException {
        SendPeerMessage valid = SendPeerMessage.newBuilder().setPeerId("bob").setBody(MessageBody.newBuilder()
                .setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")).build();
        // another body
        assertThat(decode(ClientFrame.newBuilder().setLogin(Login.newBuilder().setUserId("a")).build().toByteArray())).isNull();
        // no body
        assertThat(decode(ClientFrame.newBuilder().setRequestId(3).build().toByteArray())).isNull();
        // an unknown field next to the body, in the request, in the message body
        byte[] sendBytes = ClientFrame.newBuilder().setSendPeerMessage(valid).build().toByteArray();
        assertThat(decode(concat(sendBytes, new byte[] {(byte) (99 << 3), 1}))).isNull();
        assertThat(decode(frameWithSend(concat(valid.toByteArray(), new byte[] {(byte) (9 << 3), 1})))).isNull();
        byte[] bodyWithUnknown = concat(valid.getBody().toByteArray(), new byte[] {(byte) (7 << 3), 1});
        assertThat(decode(frameWithSend(concat(new byte[] {1 << 3 | 2, 3, 'b', 'o', 'b', 2 << 3 | 2,
                (byte) bodyWithUnknown.length}, bodyWithUnknown)))).isNull();
        // a repeated field (protobuf: the last one wins)
        assertThat(decode(frameWithSend(concat(valid.toByteArray(), new byte[] {1 << 3 | 2, 1, 'c'})))).isNull();
        // invalid UTF-8 in the peer id or the text: protobuf refuses both
        byte[] badPeer = {1 << 3 | 2, 2, (byte) 0xC0, (byte) 0x80};
        assertThat(decode(frameWithSend(badPeer))).isNull();
        byte[] badText = {2 << 3 | 2, 4, 1 << 3, 1, 2 << 3 | 2, 1, (byte) 0xFF};
        assertThat(decode(frameWithSend(badText))).isNull();
        // truncated: the body's length runs past the frame
        assertThat(decode(java.util.Arrays.copyOf(sendBytes, sendBytes.length - 1))).isNull();
        // a varint that never ends
        assertThat(decode(new byte[] {8, (byte) 0xFF, (byte) 0xFF})).isNull();
    }

    @Test
    void push_isTheBytesProtobufWrites() throws IOException {
        long[] ids = {0, 1, 127, 128, Long.MAX_VALUE, -1};
        long[] timestamps = {0, 1_764_000_000_000L, -5};
        String[] senders = {"", "alice", "用户-Ω"};
        for (long id : ids) {
            for (long ts : timestamps) {
                for (String from : senders) {
                    for (boolean offline : new boolean[] {false, true}) {
                        MessageBody body = randomBody();
                        ServerFrame expected = ServerFrame.newBuilder().setPeerMessage(PeerMessagePush.newBuilder()
                                .setMessageId(id).setFromUserId(from).setBody(body).setServerReceivedTs(ts)
                                .setOffline(offline)).build();
                        byte[] wire = PeerFrames.encodePush(id, ByteString.copyFromUtf8(from), EncodedBody.of(body), ts,
                                offline);
                        assertThat(wire).isEqualTo(prefixed(expected));
                    }
                }
            }
        }
        MessageBody empty = MessageBody.getDefaultInstance();
        ServerFrame withEmptyBody = ServerFrame.newBuilder().setPeerMessage(PeerMessagePush.newBuilder()
                .setMessageId(5).setFromUserId("a").setBody(empty)).build();
        assertThat(PeerFrames.encodePush(5, ByteString.copyFromUtf8("a"), EncodedBody.of(empty), 0, false))
                .isEqualTo(prefixed(withEmptyBody));
    }

    @Test
    void sendReply_isTheBytesProtobufWrites() throws IOException {
        int[] requestIds = {0, 1, 300, Integer.MAX_VALUE, -1};
        long[] values = {0, 1, 1L << 50, -1};
        for (int rid : requestIds) {
            for (long id : values) {
                for (long ts : values) {
                    ServerFrame expected = ServerFrame.newBuilder().setRequestId(rid)
                            .setStatus(Status.newBuilder().setCode(ErrorCode.OK))
                            .setSendPeerMessageReply(SendPeerMessageReply.newBuilder().setMessageId(id)
                                    .setServerReceivedTs(ts)).build();
                    assertThat(PeerFrames.encodeSendReply(rid, id, ts)).isEqualTo(prefixed(expected));
                }
            }
        }
    }

    @Test
    void utf8Check_agreesWithProtobuf() {
        byte[][] cases = {
                {}, {'a'}, {(byte) 0xC2, (byte) 0xA9}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF},
                {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0x9F, (byte) 0xBF},
                {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
                {'a', (byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
        for (byte[] c : cases) {
            assertThat(Utf8.isValid(c, 0, c.length)).as(java.util.Arrays.toString(c))
                    .isEqualTo(ByteString.copyFrom(c).isValidUtf8());
        }
        for (int i = 0; i < 100_000; i++) {
            byte[] c = new byte[RANDOM.nextInt(6)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (byte) (RANDOM.nextBoolean() ? 0x80 | RANDOM.nextInt(0x80) : RANDOM.nextInt(256));
            }
            assertThat(Utf8.isValid(c, 0, c.length)).as(java.util.Arrays.toString(c))
                    .isEqualTo(ByteString.copyFrom(c).isValidUtf8());
        }
        for (int i = 0; i < 100_000; i++) { // long ASCII runs (read 8 bytes at a time) with a few other bytes anywhere
            byte[] c = new byte[RANDOM.nextInt(40)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (byte) (RANDOM.nextInt(12) == 0 ? 0x80 + RANDOM.nextInt(0x80) : RANDOM.nextInt(0x80));
            }
            int from = c.length == 0 ? 0 : RANDOM.nextInt(c.length);
            assertThat(Utf8.isValid(c, from, c.length)).as(java.util.Arrays.toString(c) + " from " + from)
                    .isEqualTo(ByteString.copyFrom(c, from, c.length - from).isValidUtf8());
        }
    }

    private static PeerFrames.Frame decode(byte[] frame) {
        return PeerFrames.decode(frame, 0, frame.length);
    }

    private static byte[] frameWithSend(byte[] send) {
        return concat(new byte[] {(byte) 0xA2, 0x01, (byte) send.length}, send);
    }

    private static byte[] prefixed(ServerFrame frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame.writeDelimitedTo(out);
        return out.toByteArray();
    }

    private static byte[] withPadding(byte[] frame) {
        byte[] padded = new byte[frame.length + 6];
        java.util.Arrays.fill(padded, (byte) 0xFF); // decode must stay inside its range
        System.arraycopy(frame, 0, padded, 3, frame.length);
        return padded;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static MessageBody randomBody() {
        MessageBody.Builder b = MessageBody.newBuilder().setTypeValue(RANDOM.nextInt(4));
        if (RANDOM.nextBoolean()) {
            b.setText(randomText(RANDOM.nextInt(300)));
        }
        if (RANDOM.nextBoolean()) {
            byte[] raw = new byte[RANDOM.nextInt(300)];
            RANDOM.nextBytes(raw);
            b.setRaw(ByteString.copyFrom(raw));
        }
        return b.build();
    }

    private static String randomText(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (RANDOM.nextInt(4)) {
                case 0 -> s.append((char) ('a' + RANDOM.nextInt(26)));
                case 1 -> s.append((char) (0x80 + RANDOM.nextInt(0x700)));
                case 2 -> s.append((char) (0x800 + RANDOM.nextInt(0xD000)));
                default -> s.appendCodePoint(0x10000 + RANDOM.nextInt(0x1000));
            }
        }
        return s.toString();
    }
}
