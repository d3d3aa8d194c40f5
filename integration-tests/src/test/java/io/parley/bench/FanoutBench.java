package io.parley.bench;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmIoGroup;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.SendMessageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Not a test: fan-out load for issue 5's measurement. M members in one channel, one publisher
 * with W sends in flight (as fast as the server accepts), payload S bytes carrying the send time;
 * delivery latency = receive time − send time (same JVM clock).
 *
 * <pre>java -cp ... io.parley.bench.FanoutBench PORT SERVER_PID [members=1000] [window=16] [size=100] [warmup=5] [duration=10]</pre>
 */
public final class FanoutBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        int duration = args.length > 6 ? Integer.parseInt(args[6]) : 10;

        RtmIoGroup io = RtmIoGroup.create(2);
        RtmClientConfig cfg = RtmClientConfig.builder().endpoints("127.0.0.1:" + port).ioGroup(io).build();
        Recorder latency = new Recorder(3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<RtmClient> all = new ArrayList<>();
        RtmChannelListener receiver = new RtmChannelListener() {
            @Override
            public void onMessageReceived(RtmMessage message, RtmChannelMember fromMember) {
                String t = message.getText();
                long sent = Long.parseLong(t.substring(0, t.indexOf('|')));
                latency.recordValue(Math.max(0, System.nanoTime() - sent));
                delivered.incrementAndGet();
            }

            @Override
            public void onMemberCountUpdated(int memberCount) {
            }

            @Override
            public void onAttributesUpdated(List<RtmChannelAttribute> attributes) {
            }

            @Override
            public void onMemberJoined(RtmChannelMember member) {
            }

            @Override
            public void onMemberLeft(RtmChannelMember member) {
            }
        };
        for (int i = 0; i < members; i++) {
            RtmClient c = RtmClient.createInstance("bench-app", BenchSupport.quiet(), cfg);
            all.add(c);
            String user = "m" + i;
            await(cb -> c.login(null, user, cb));
            RtmChannel ch = c.createChannel("fan", receiver);
            await(ch::join);
        }
        RtmClient pub = RtmClient.createInstance("bench-app", BenchSupport.quiet(), cfg);
        all.add(pub);
        await(cb -> pub.login(null, "publisher", cb));
        RtmChannel pubChannel = pub.createChannel("fan", null);
        await(pubChannel::join);
        String pad = "x".repeat(Math.max(0, size - 21));
        AtomicBoolean running = new AtomicBoolean(true);
        for (int w = 0; w < window; w++) {
            publish(pub, pubChannel, pad, running, accepted, errors);
        }
        TimeUnit.SECONDS.sleep(warmup);
        latency.reset();
        long d0 = delivered.get();
        long a0 = accepted.get();
        long cpu0 = BenchSupport.cpuTicks(pid);
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(duration);
        long d1 = delivered.get();
        long a1 = accepted.get();
        long cpu1 = BenchSupport.cpuTicks(pid);
        double secs = (System.nanoTime() - t0) / 1e9;
        Histogram h = latency.getIntervalHistogram();
        running.set(false);
        long deliveries = d1 - d0;
        double cpuUs = (cpu1 - cpu0) * 10_000.0;
        System.out.printf("{\"members\":%d,\"window\":%d,\"size\":%d,\"published_per_s\":%.0f,\"deliveries\":%d,"
                        + "\"deliveries_per_s\":%.0f,\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d},"
                        + "\"server_cpu_us_per_delivery\":%.3f,\"server_cpu_pct\":%.0f,\"errors\":%d}%n",
                members, window, size, (a1 - a0) / secs, deliveries, deliveries / secs, h.getValueAtPercentile(50) / 1000,
                h.getValueAtPercentile(90) / 1000, h.getValueAtPercentile(99) / 1000, h.getMaxValue() / 1000,
                cpuUs / deliveries, cpuUs / (secs * 1e6) * 100, errors.get());
        all.forEach(RtmClient::release);
        io.close();
        System.exit(0);
    }

    private static void publish(RtmClient pub, RtmChannel ch, String pad, AtomicBoolean running, AtomicLong accepted,
                                AtomicLong errors) {
        if (!running.get()) {
            return;
        }
        ch.sendMessage(pub.createMessage(System.nanoTime() + "|" + pad), new SendMessageOptions(), new ResultCallback<Void>() {
            @Override
            public void onSuccess(Void v) {
                accepted.incrementAndGet();
                publish(pub, ch, pad, running, accepted, errors);
            }

            @Override
            public void onFailure(ErrorInfo e) {
                errors.incrementAndGet();
                publish(pub, ch, pad, running, accepted, errors);
            }
        });
    }

    private static void await(java.util.function.Consumer<ResultCallback<Void>> op) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        op.accept(new ResultCallback<Void>() {
            @Override
            public void onSuccess(Void v) {
                done.countDown();
            }

            @Override
            public void onFailure(ErrorInfo e) {
                throw new IllegalStateException(e.toString());
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("timed out");
        }
    }


}
