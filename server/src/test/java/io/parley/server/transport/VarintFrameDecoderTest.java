package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class VarintFrameDecoderTest {
    @Test
    void decode_framesSplitAcrossReads_areReassembled() {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 'a'}));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'b', 'c', 1, 'z'}));
        ByteBuf first = ch.readInbound();
        ByteBuf second = ch.readInbound();
        assertThat(first.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(second.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("z");
        first.release();
        second.release();
    }

    @Test
    void decode_lengthOverTheLimit_failsBeforeThePayloadArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1024));
        // 1025 = 0x81 0x08: only the prefix is sent, no payload
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x08})))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void decode_hugeOrMalformedVarints_areCorrupted() {
        assertThatThrownBy(() -> new EmbeddedChannel(new VarintFrameDecoder(1024)).writeInbound(Unpooled.wrappedBuffer(
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01})))
                .isInstanceOf(CorruptedFrameException.class);
        assertThatThrownBy(() -> new EmbeddedChannel(new VarintFrameDecoder(1024)).writeInbound(
                Unpooled.wrappedBuffer(new byte[] {0}))).isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void decode_exactlyTheLimit_isAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1024));
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {(byte) 0x80, 0x08});
        in.writeZero(1024);
        ch.writeInbound(in);
        ByteBuf frame = ch.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(1024);
        frame.release();
    }
}
