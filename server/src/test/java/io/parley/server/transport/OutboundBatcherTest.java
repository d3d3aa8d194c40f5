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
import io.netty.buffer.ByteBuf;
import io.parley.protocol.v1.ServerFrame;
import io.parley.protocol.v1.Status;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.session.EncodedFrame;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class OutboundBatcherTest {
    /** Counts flushes reaching the head of the pipeline, and the sizes of the buffers written. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        volatile int flushes;
        final List<Integer> bufferSizes = new CopyOnWriteArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
            if (msg instanceof ByteBuf b) {
                bufferSizes.add(b.readableBytes());
            }
            ctx.write(msg, promise);
        }

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
            connection = new NettyConnection(channel, perLoop, "tcp");
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
        NettyConnection c = new NettyConnection(ch, new OutboundBatcher.PerLoop(ParleyMetrics.NOOP), "tcp");
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

    @Test
    void smallFramesOfOneIteration_goOutAsOneBuffer_andALargeFrameKeepsItsPlace() throws Exception {
        try (Pair p = new Pair()) {
            ServerFrame large = pong(CoalescingBuffer.MAX_COALESCED_FRAME + 1);
            EncodedFrame shared = EncodedFrame.of(pong(0).toBuilder().setRequestId(3).build());
            p.channel.eventLoop().execute(() -> {
                p.batcher.write(p.connection, pong(0).toBuilder().setRequestId(1).build());
                p.batcher.write(p.connection, pong(0).toBuilder().setRequestId(2).build());
                p.batcher.write(p.connection, shared);
                p.batcher.write(p.connection, large);
                p.batcher.write(p.connection, pong(0).toBuilder().setRequestId(5).build());
            });
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.received.size() == 3);
            List<ServerFrame> first = frames((ByteBuf) p.received.get(0));
            assertThat(first).extracting(ServerFrame::getRequestId).containsExactly(1, 2, 3);
            assertThat(p.received.get(1)).isSameAs(large); // its own write, encoded by the pipeline
            assertThat(frames((ByteBuf) p.received.get(2))).extracting(ServerFrame::getRequestId).containsExactly(5);
            assertThat(p.counter.flushes).isEqualTo(1);
        }
    }

    @Test
    void aBurstLargerThanOneBuffer_continuesInTheNext_inOrder_withOneFlush() throws Exception {
        try (Pair p = new Pair()) {
            p.channel.eventLoop().execute(() -> {
                for (int i = 0; i < 200; i++) { // ~200 × 110 bytes: several 4 KiB buffers
                    p.batcher.write(p.connection, pong(100).toBuilder().setRequestId(i).build());
                }
            });
            List<ServerFrame> all = new java.util.ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                while (!p.received.isEmpty()) {
                    all.addAll(frames((ByteBuf) p.received.remove(0)));
                }
                return all.size() == 200;
            });
            // written as several buffers of at most 4 KiB, never one buffer grown (and copied) as it fills
            assertThat(p.counter.bufferSizes).hasSizeGreaterThan(1).allMatch(n -> n <= 4096);
            for (int i = 0; i < 200; i++) {
                assertThat(all.get(i).getRequestId()).isEqualTo(i);
            }
            assertThat(p.counter.flushes).isEqualTo(1);
        }
    }

    @Test
    void singleSmallFrames_goOutInSmallBuffers() throws Exception {
        try (Pair p = new Pair()) {
            List<Integer> capacities = new CopyOnWriteArrayList<>();
            p.channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                @Override
                public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                    capacities.add(((ByteBuf) msg).capacity());
                    ctx.write(msg, promise);
                }
            });
            p.channel.eventLoop().execute(() -> p.batcher.write(p.connection, pong(10)));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.received.size() == 1);
            p.channel.eventLoop().execute(() -> p.batcher.write(p.connection, pong(10)));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.received.size() == 2);
            // what waits in a slow client's queue stays close to the bytes its slow-consumer limit counts
            assertThat(capacities).containsExactly(CoalescingBuffer.MIN_CAPACITY, CoalescingBuffer.MIN_CAPACITY);
        }
    }

    @Test
    void framesBufferedForAChannelThatCloses_areDropped_withTheConnection() throws Exception {
        try (Pair p = new Pair()) {
            CountDownLatch done = new CountDownLatch(1);
            Object[] left = new Object[1];
            p.channel.eventLoop().execute(() -> {
                p.batcher.write(p.connection, pong(0)); // buffered until the end of this iteration
                p.channel.close();
                p.batcher.write(p.connection, pong(0)); // channel inactive: the buffered frame is released
                left[0] = p.connection.coalesced.take();
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(left[0]).isNull();
            assertThat(p.received).isEmpty();
        }
    }

    private static ServerFrame pong(int padding) {
        return ServerFrame.newBuilder().setRequestId(9).setStatus(Status.newBuilder().setMessage("x".repeat(padding))).build();
    }

    private static List<ServerFrame> frames(ByteBuf buf) throws Exception {
        List<ServerFrame> out = new java.util.ArrayList<>();
        try (java.io.InputStream in = new io.netty.buffer.ByteBufInputStream(buf, true)) {
            ServerFrame f;
            while ((f = ServerFrame.parseDelimitedFrom(in)) != null) {
                out.add(f);
            }
        }
        return out;
    }
}
