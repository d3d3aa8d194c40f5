package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundBatcherTest {
    /** Counts flushes reaching the head of the pipeline. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    @Test
    void writes_keepTheirOrder_andOneFlushPerChannelPerDrain() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel ch = new EmbeddedChannel(counter);
        OutboundBatcher batcher = new OutboundBatcher.PerLoop(io.parley.server.metrics.ParleyMetrics.NOOP).of(ch);
        for (int i = 0; i < 100; i++) {
            batcher.write(ch, "m" + i);
        }
        assertThat((Object) ch.readOutbound()).as("nothing before the drain task runs").isNull();
        ch.runPendingTasks();
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            out.add(o);
        }
        assertThat(out).hasSize(100).first().isEqualTo("m0");
        assertThat(out.get(99)).isEqualTo("m99");
        assertThat(counter.flushes).isEqualTo(1);
    }

    @Test
    void closeWith_writesTheLastFrameAfterEverythingQueued_thenCloses() {
        EmbeddedChannel ch = new EmbeddedChannel();
        OutboundBatcher batcher = new OutboundBatcher.PerLoop(io.parley.server.metrics.ParleyMetrics.NOOP).of(ch);
        batcher.write(ch, "a");
        batcher.write(ch, new OutboundBatcher.CloseWith("bye"));
        batcher.write(ch, "after close");
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isEqualTo("a");
        assertThat((Object) ch.readOutbound()).isEqualTo("bye");
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }
}
