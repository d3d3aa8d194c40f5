package io.parley.bench;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmIoGroup;
import io.parley.rtm.SendMessageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Not a test: a small p2p load program for issue 3's measurement (the loadtest module will
 * replace it). P sender/recipient pairs, W messages in flight per sender, payload S bytes,
 * warm-up then measure; latency is send → success callback; server CPU from /proc/PID/stat.
 *
 * <pre>java -cp ... io.parley.bench.P2pBench PORT SERVER_PID [pairs=50] [window=16] [size=100] [warmup=5] [duration=10]</pre>
 */
public final class P2pBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int size = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        int duration = args.length > 6 ? Integer.parseInt(args[6]) : 10;

        RtmIoGroup io = RtmIoGroup.create(2);
        RtmClientConfig cfg = RtmClientConfig.builder().endpoints("127.0.0.1:" + port).ioGroup(io).build();
        Recorder latency = new Recorder(3);
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<RtmClient> all = new ArrayList<>();
        List<RtmClient> senders = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            RtmClient s = RtmClient.createInstance("bench-app", BenchSupport.quiet(), cfg);
            RtmClient r = RtmClient.createInstance("bench-app", BenchSupport.quiet(), cfg);
            login(s, "s" + i);
            login(r, "r" + i);
            all.add(s);
            all.add(r);
            senders.add(s);
        }
        String text = "x".repeat(size);
        SendMessageOptions opts = new SendMessageOptions();
        for (int i = 0; i < pairs; i++) {
            RtmClient s = senders.get(i);
            String peer = "r" + i;
            for (int w = 0; w < window; w++) {
                sendLoop(s, peer, text, opts, latency, acked, errors, running);
            }
        }
        TimeUnit.SECONDS.sleep(warmup);
        latency.reset();
        long ackedStart = acked.get();
        long cpuStart = BenchSupport.cpuTicks(pid);
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(duration);
        long ackedEnd = acked.get();
        long cpuEnd = BenchSupport.cpuTicks(pid);
        double secs = (System.nanoTime() - t0) / 1e9;
        Histogram h = latency.getIntervalHistogram();
        running.set(false);
        long msgs = ackedEnd - ackedStart;
        double cpuUs = (cpuEnd - cpuStart) * 10_000.0; // 100 ticks per second
        System.out.printf("{\"pairs\":%d,\"window\":%d,\"size\":%d,\"acked_msgs\":%d,\"msgs_per_s\":%.0f,"
                        + "\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p99_9\":%d,\"max\":%d},"
                        + "\"server_cpu_us_per_msg\":%.2f,\"server_cpu_pct\":%.0f,\"errors\":%d}%n",
                pairs, window, size, msgs, msgs / secs, h.getValueAtPercentile(50) / 1000,
                h.getValueAtPercentile(90) / 1000, h.getValueAtPercentile(99) / 1000,
                h.getValueAtPercentile(99.9) / 1000, h.getMaxValue() / 1000, cpuUs / msgs,
                cpuUs / (secs * 1e6) * 100, errors.get());
        TimeUnit.SECONDS.sleep(1);
        all.forEach(RtmClient::release);
        io.close();
        System.exit(0);
    }

    private static void sendLoop(RtmClient s, String peer, String text, SendMessageOptions opts, Recorder latency,
                                 AtomicLong acked, AtomicLong errors, AtomicBoolean running) {
        if (!running.get()) {
            return;
        }
        long start = System.nanoTime();
        s.sendMessageToPeer(peer, s.createMessage(text), opts, new ResultCallback<Void>() {
            @Override
            public void onSuccess(Void v) {
                latency.recordValue(System.nanoTime() - start);
                acked.incrementAndGet();
                sendLoop(s, peer, text, opts, latency, acked, errors, running);
            }

            @Override
            public void onFailure(ErrorInfo e) {
                errors.incrementAndGet();
                sendLoop(s, peer, text, opts, latency, acked, errors, running);
            }
        });
    }


    private static void login(RtmClient c, String user) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        c.login(null, user, new ResultCallback<Void>() {
            @Override
            public void onSuccess(Void v) {
                done.countDown();
            }

            @Override
            public void onFailure(ErrorInfo e) {
                throw new IllegalStateException("login failed: " + e);
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("login timed out");
        }
    }


}
