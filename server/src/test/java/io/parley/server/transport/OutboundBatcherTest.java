package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.parley.server.metrics.ParleyMetrics;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class OutboundBatcherTest {
    /** Counts flushes reaching the head of the pipeline. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        volatile int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    /** A connection on a real event loop (local transport) whose peer collects what it receives. */
    private static final class Pair implements AutoCloseable {
        final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        final List<Object> received = new CopyOnWriteArrayList<>();
        final FlushCounter counter = new FlushCounter();
        final Channel channel;
        final NettyConnection connection;
        final OutboundBatcher batcher;

        Pair() throws InterruptedException {
            LocalAddress address = new LocalAddress("batcher-test-" + System.nanoTime());
            new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            received.add(msg);
                        }
                    }).bind(address).sync();
            channel = new Bootstrap().group(group).channel(LocalChannel.class).handler(counter)
                    .connect(address).sync().channel();
            OutboundBatcher.PerLoop perLoop = new OutboundBatcher.PerLoop(ParleyMetrics.NOOP);
            connection = new NettyConnection(channel, perLoop);
            batcher = perLoop.of(channel);
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void writesOnTheLoop_keepTheirOrder_andAreFlushedOnceWhenTheTaskEnds() throws Exception {
        try (Pair p = new Pair()) {
            CountDownLatch written = new CountDownLatch(1);
            p.channel.eventLoop().execute(() -> {
                for (int i = 0; i < 100; i++) {
                    p.batcher.write(p.connection, "m" + i);
                }
                written.countDown();
            });
            assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.received.size() == 100);
            assertThat(p.received.get(0)).isEqualTo("m0");
            assertThat(p.received.get(99)).isEqualTo("m99");
            assertThat(p.counter.flushes).isEqualTo(1);
        }
    }

    @Test
    void writesFromOtherThreads_areWrittenByOneTask_inOrder() throws Exception {
        try (Pair p = new Pair()) {
            CountDownLatch release = new CountDownLatch(1);
            p.channel.eventLoop().execute(() -> {
                try {
                    release.await(5, TimeUnit.SECONDS); // hold the loop: all 100 are queued before the drain
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 100; i++) {
                p.batcher.write(p.connection, "m" + i);
            }
            release.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.received.size() == 100);
            assertThat(p.received.get(0)).isEqualTo("m0");
            assertThat(p.received.get(99)).isEqualTo("m99");
            assertThat(p.counter.flushes).isEqualTo(1);
        }
    }

    @Test
    void closeWith_writesTheLastFrameAfterEverythingQueued_thenCloses() {
        EmbeddedChannel ch = new EmbeddedChannel();
        NettyConnection c = new NettyConnection(ch, new OutboundBatcher.PerLoop(ParleyMetrics.NOOP));
        OutboundBatcher batcher = new OutboundBatcher.PerLoop(ParleyMetrics.NOOP).of(ch);
        batcher.write(c, "a");
        batcher.write(c, new OutboundBatcher.CloseWith("bye"));
        batcher.write(c, "after close");
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isEqualTo("a");
        assertThat((Object) ch.readOutbound()).isEqualTo("bye");
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aWriteOnTheLoop_goesAfterWhatOtherThreadsQueuedBeforeIt_andOneFlushCoversBoth() throws Exception {
        try (Pair p = new Pair()) {
            CountDownLatch queued = new CountDownLatch(1);
            // hold the loop so that "a" and "b" stay queued until "c" is written on the loop
            p.channel.eventLoop().execute(() -> {
                try {
                    queued.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.batcher.write(p.connection, "c");
            });
            p.batcher.write(p.connection, "a");
            p.batcher.write(p.connection, "b");
            queued.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.received.size() == 3);
            assertThat(p.received).containsExactly("a", "b", "c");
            assertThat(p.counter.flushes).isEqualTo(1);
        }
    }
}
