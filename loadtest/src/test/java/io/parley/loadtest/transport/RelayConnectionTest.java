package io.parley.loadtest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay client's framing, on Netty's in-memory channel: what it writes and what it reports. */
class RelayConnectionTest {
    private final List<String> events = new ArrayList<>();
    private final RelayConnection conn = new RelayConnection(new RelayConnection.Listener() {
        @Override
        public void acked(RelayConnection c, long messageId) {
            events.add("acked " + messageId);
        }

        @Override
        public void refused(RelayConnection c, long messageId) {
            events.add("refused " + messageId);
        }

        @Override
        public void channelMessage(RelayConnection c, long messageId, byte first) {
            events.add("channel " + messageId + " " + (char) first);
        }
    });
    private final EmbeddedChannel channel = new EmbeddedChannel(conn);

    private static ByteBuf frame(int type, int from, int to, long id, int payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(17 + payload).writeByte(type).writeInt(from).writeInt(to).writeLong(id).writeZero(payload);
        return b;
    }

    @Test
    void registers_sends_andAcksWhatItReceives() {
        var registered = conn.register(7);
        channel.runPendingTasks();
        ByteBuf reg = channel.readOutbound();
        assertThat(reg.readInt()).isEqualTo(17);
        assertThat(reg.readByte()).isEqualTo(RelayConnection.REGISTER);
        assertThat(reg.readInt()).isEqualTo(7);
        assertThat(registered).isNotDone();

        channel.writeInbound(frame(RelayConnection.REGISTERED, 0, 7, 0, 0));
        assertThat(registered).isDone();

        conn.send(9, 42, new byte[] {1, 2, 3});
        ByteBuf msg = channel.readOutbound();
        assertThat(msg.readInt()).isEqualTo(20);
        assertThat(msg.readByte()).isEqualTo(RelayConnection.MSG);
        assertThat(msg.readInt()).isEqualTo(7);
        assertThat(msg.readInt()).isEqualTo(9);
        assertThat(msg.readLong()).isEqualTo(42);
        assertThat(msg.readableBytes()).isEqualTo(3);

        // a message from 9, split across two reads, is acked back to 9 with its id
        ByteBuf in = frame(RelayConnection.MSG, 9, 7, 5, 100);
        channel.writeInbound(in.readRetainedSlice(30));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(in);
        ByteBuf ack = channel.readOutbound();
        assertThat(ack.readInt()).isEqualTo(17);
        assertThat(ack.readByte()).isEqualTo(RelayConnection.ACK);
        assertThat(ack.readInt()).isEqualTo(7);
        assertThat(ack.readInt()).isEqualTo(9);
        assertThat(ack.readLong()).isEqualTo(5);

        channel.writeInbound(frame(RelayConnection.ACK, 9, 7, 42, 0), frame(RelayConnection.NACK, 11, 7, 43, 0));
        assertThat(events).containsExactly("acked 42", "refused 43");
    }

    @Test
    void joinsAChannel_publishes_andReportsChannelMessages() {
        conn.register(3);
        channel.runPendingTasks();
        channel.readOutbound();
        var joined = conn.join(1);
        channel.runPendingTasks();
        ByteBuf join = channel.readOutbound();
        assertThat(join.getByte(4)).isEqualTo(RelayConnection.JOIN);
        assertThat(join.getInt(9)).isEqualTo(1);
        channel.writeInbound(frame(RelayConnection.JOINED, 0, 1, 0, 0));
        assertThat(joined).isDone();

        conn.publish(1, 77, new byte[] {'M', 'x'});
        channel.runPendingTasks();
        ByteBuf pub = channel.readOutbound();
        assertThat(pub.getByte(4)).isEqualTo(RelayConnection.CHANMSG);
        assertThat(pub.getLong(13)).isEqualTo(77);

        ByteBuf in = frame(RelayConnection.CHANMSG, 4, 1, 99, 0);
        in.writeByte('M');
        in.setInt(0, 18);
        channel.writeInbound(in);
        assertThat(events).containsExactly("channel 99 M");
    }
}
