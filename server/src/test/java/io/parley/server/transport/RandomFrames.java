package io.parley.server.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.parley.protocol.v1.ClientFrame;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import java.util.List;
import java.util.Random;

/**
 * Structurally valid but otherwise random client frames, built by protobuf reflection so every
 * operation of the schema is covered without listing them: random body, random request id, and
 * fields filled with edge values (empty, "null", too long, non-ASCII, huge repeated lists).
 */
final class RandomFrames {
    /** Ids that matter to the isolation checks: the bystander may be targeted but never logged in as. */
    static final String BYSTANDER = "bystander";
    private static final List<String> STRINGS = List.of("", "null", " lead", "bob", "alice", BYSTANDER, "room",
            "k", "é漢字", "x".repeat(65), "a,b;c", "ch-1", "007eJxTYBBbSaqfake", "\u0000\u0001");

    private RandomFrames() {
    }

    static ClientFrame frame(Random r) {
        ClientFrame.Builder b = ClientFrame.newBuilder().setRequestId(r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(1_000_000));
        OneofDescriptor body = ClientFrame.getDescriptor().getOneofs().get(0);
        FieldDescriptor f = body.getFields().get(r.nextInt(body.getFieldCount()));
        b.setField(f, message(b.newBuilderForField(f), r, 0));
        return b.build();
    }

    private static Message message(Message.Builder mb, Random r, int depth) {
        if (mb instanceof MessageBody.Builder && r.nextBoolean()) {
            return edgeBody(r);
        }
        for (FieldDescriptor f : mb.getDescriptorForType().getFields()) {
            if (r.nextInt(3) == 0) {
                continue;
            }
            if (f.isRepeated()) {
                int n = r.nextInt(20) == 0 ? 300 + r.nextInt(400) : r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    mb.addRepeatedField(f, value(mb, f, r, depth));
                }
            } else {
                mb.setField(f, value(mb, f, r, depth));
            }
        }
        return mb.build();
    }

    private static Object value(Message.Builder mb, FieldDescriptor f, Random r, int depth) {
        return switch (f.getJavaType()) {
            case INT -> pick(r, 0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, r.nextInt());
            case LONG -> pick(r, 0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, r.nextLong());
            case BOOLEAN -> r.nextBoolean();
            case FLOAT -> r.nextFloat();
            case DOUBLE -> r.nextDouble();
            case STRING -> r.nextInt(50) == 0 ? "y".repeat(40_000) : STRINGS.get(r.nextInt(STRINGS.size()));
            case BYTE_STRING -> {
                byte[] b = new byte[r.nextInt(30) == 0 ? 33_000 : r.nextInt(64)];
                r.nextBytes(b);
                yield ByteString.copyFrom(b);
            }
            case ENUM -> {
                List<EnumValueDescriptor> values = f.getEnumType().getValues();
                yield values.get(r.nextInt(values.size()));
            }
            case MESSAGE -> depth < 3 ? message(mb.newBuilderForField(f), r, depth + 1)
                    : mb.newBuilderForField(f).build();
        };
    }

    /**
     * Message bodies at the RTM limits: exactly 32 KB and one byte over (text measured as UTF-8,
     * raw plus description together), TEXT with a raw payload, and unknown fields a crafted client
     * adds (which the server must not forward).
     */
    static MessageBody edgeBody(Random r) {
        MessageBody.Builder b = MessageBody.newBuilder();
        int limit = io.parley.protocol.FrameLimits.MAX_MESSAGE_BYTES;
        switch (r.nextInt(7)) {
            case 0 -> b.setType(MessageType.MESSAGE_TYPE_TEXT).setText("t".repeat(limit - r.nextInt(2)));
            case 1 -> b.setType(MessageType.MESSAGE_TYPE_TEXT).setText("\u00e9".repeat(limit / 2) + "x");
            case 2 -> b.setType(MessageType.MESSAGE_TYPE_RAW).setRaw(ByteString.copyFrom(new byte[limit - r.nextInt(2)]))
                    .setText(r.nextBoolean() ? "" : "d");
            case 3 -> b.setType(MessageType.MESSAGE_TYPE_RAW).setRaw(ByteString.copyFrom(new byte[limit + 1]));
            case 4 -> b.setType(MessageType.MESSAGE_TYPE_TEXT).setText("hi")
                    .setRaw(ByteString.copyFrom(new byte[1 + r.nextInt(96 * 1024)])); // TEXT + raw
            case 5 -> b.setType(MessageType.MESSAGE_TYPE_TEXT).setText("with extras")
                    .setUnknownFields(UnknownFieldSet.newBuilder().addField(15 + r.nextInt(100), UnknownFieldSet.Field
                            .newBuilder().addLengthDelimited(ByteString.copyFrom(new byte[r.nextInt(90_000)])).build())
                            .build());
            default -> b.setTypeValue(pick(r, 0, 3, 4, 99)).setText("odd type").setRaw(ByteString.copyFrom(new byte[3]));
        }
        return b.build();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
