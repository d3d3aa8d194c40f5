package io.parley.loadtest;

import java.nio.ByteBuffer;
import io.parley.loadtest.transport.RawConnection;
import io.parley.loadtest.transport.RawListener;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.MessageType;
import io.parley.protocol.v1.SendChannelMessage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code fanout} with {@code --client raw}: the same workload as {@link FanoutScenario} (M members,
 * one publisher at R msgs/s or 16 in flight with {@code --rate max}, payload {@code M|W<nanos>|pad})
 * over {@link RawConnection}s.
 */
final class RawFanoutScenario implements Scenario {
    private static final int SEND_CHANNEL_MESSAGE = 53;
    private static final String CHANNEL = "fanout";

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong measuredPublished = new AtomicLong();
    private final AtomicLong measuredDelivered = new AtomicLong();
    private final AtomicLong publisherMaxLagNanos = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private Stats stats;
    private Options options;
    private RawConnection publisher;
    private String pad;
    private int nextRequestId = 2;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.options = o;
        this.pad = "x".repeat(Math.max(0, o.size() - 22));
        RawListener member = new RawListener() {
            @Override
            public void channelMessage(RawConnection c, ByteBuffer text) {
                long now = System.nanoTime();
                s.received.increment();
                if (text.get(text.position()) == 'M') {
                    measuredDelivered.incrementAndGet();
                    s.ok(now - sentNanos(text));
                }
            }
        };
        for (int i = 0; i < o.members(); i++) {
            join(target.rawLogin("fan-m" + i, member));
        }
        publisher = target.rawLogin("fan-publisher", new RawListener() {
            @Override
            public void reply(RawConnection c, int requestId, int code) {
                inFlight.decrementAndGet();
                if (code != 0) {
                    ErrorCode e = ErrorCode.forNumber(code);
                    stats.error("wire:" + (e == null ? String.valueOf(code) : e.name()));
                }
                if (options.rate() == Options.RATE_MAX) {
                    publish();
                }
            }
        });
        join(publisher);
    }

    private static void join(RawConnection c) throws Exception {
        int code = c.join(CHANNEL).get(60, java.util.concurrent.TimeUnit.SECONDS);
        if (code != 0) {
            throw new IllegalStateException("join failed: " + ErrorCode.forNumber(code));
        }
    }

    /** The send time in {@code M<nanos>|...}. */
    private static long sentNanos(ByteBuffer text) {
        long v = 0;
        boolean negative = false;
        for (int i = text.position() + 1; i < text.limit(); i++) {
            byte b = text.get(i);
            if (b == '|') {
                break;
            }
            if (b == '-') {
                negative = true;
            } else {
                v = v * 10 + (b - '0');
            }
        }
        return negative ? -v : v;
    }

    @Override
    public void start() {
        running.set(true);
        if (options.rate() == Options.RATE_MAX) {
            publisher.execute(() -> {
                for (int i = 0; i < 16; i++) {
                    publish();
                }
            });
            return;
        }
        FixedRatePacer.start("fanout-publisher", options.rate(), running, publisherMaxLagNanos,
                () -> publisher.execute(this::publish));
    }

    /** On the publisher's event loop. */
    private void publish() {
        if (!running.get()) {
            return;
        }
        boolean measured = stats.measuring.get();
        if (measured) {
            measuredPublished.incrementAndGet();
        }
        stats.sent.increment();
        inFlight.incrementAndGet();
        int rid = nextRequestId;
        nextRequestId = rid >= 0x3FFF_FFFF ? 2 : rid + 1;
        byte[] body = SendChannelMessage.newBuilder().setChannelId(CHANNEL).setBody(MessageBody.newBuilder()
                .setType(MessageType.MESSAGE_TYPE_TEXT).setText((measured ? "M" : "W") + System.nanoTime() + "|" + pad))
                .build().toByteArray();
        publisher.send(rid, SEND_CHANNEL_MESSAGE, body);
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        return FanoutReport.afterDrain(options, options.client(), measuredPublished.get(), measuredDelivered,
                () -> inFlight.get() == 0, publisherMaxLagNanos.get());
    }

    @Override
    public String unit() {
        return "deliveries";
    }
}
