package io.parley.rtm.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedVarintFrameDecoderTest {
    private static final int MAX = 1024;

    private static byte[] frame(int length, byte fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int v = length;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        byte[] payload = new byte[length];
        Arrays.fill(payload, fill);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] payload(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        b.release();
        return a;
    }

    @Test
    void oversizeFrame_isSkippedInPieces_andTheNextFrameIsRead_connectionStaysOpen() {
        BoundedVarintFrameDecoder decoder = new BoundedVarintFrameDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] big = frame(131_133, (byte) 7);
        byte[] next = frame(3, (byte) 9);
        // the oversize frame arrives in chunks, the good one straight after it in the last chunk
        for (int off = 0; off < big.length; off += 4096) {
            int end = Math.min(big.length, off + 4096);
            byte[] chunk = Arrays.copyOfRange(big, off, end);
            if (end == big.length) {
                byte[] withNext = Arrays.copyOf(chunk, chunk.length + next.length);
                System.arraycopy(next, 0, withNext, chunk.length, next.length);
                chunk = withNext;
            }
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
        }

        assertThat(payload(ch.readInbound())).containsExactly(9, 9, 9);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(decoder.skippedFrames()).isEqualTo(1);
    }

    @Test
    void frameAtTheLimit_isRead_oneByteMoreIsSkipped() {
        BoundedVarintFrameDecoder decoder = new BoundedVarintFrameDecoder(MAX);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(frame(MAX + 1, (byte) 1)), Unpooled.wrappedBuffer(frame(MAX, (byte) 2)));

        byte[] read = payload(ch.readInbound());
        assertThat(read).hasSize(MAX);
        assertThat(read[0]).isEqualTo((byte) 2);
        assertThat(decoder.skippedFrames()).isEqualTo(1);
    }

    @Test
    void malformedLengthPrefix_isStillAConnectionError() {
        EmbeddedChannel ch = new EmbeddedChannel(new BoundedVarintFrameDecoder(MAX));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1})))
                .isInstanceOf(DecoderException.class);
    }
}
