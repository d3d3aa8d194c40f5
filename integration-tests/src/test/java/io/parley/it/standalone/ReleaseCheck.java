package io.parley.it.standalone;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmIoGroup;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.SendMessageOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own with only the SDK's runtime classpath (protobuf lite, Netty NIO, SLF4J
 * API): clients on the shared runtime and on an app-owned I/O group log in, exchange a message and
 * are released; then every thread the SDK started must end. Prints NO_THREADS_LEFT or the threads.
 */
public final class ReleaseCheck {
    private ReleaseCheck() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        RtmIoGroup group = RtmIoGroup.create(2);
        ExecutorService appCallbacks = Executors.newSingleThreadExecutor();
        CompletableFuture<String> received = new CompletableFuture<>();
        RtmClient a = RtmClient.createInstance("open-app", listener(null),
                RtmClientConfig.builder().endpoints(endpoint).build());
        RtmClient b = RtmClient.createInstance("open-app", listener(received),
                RtmClientConfig.builder().endpoints(endpoint).build());
        RtmClient c = RtmClient.createInstance("open-app", listener(null), RtmClientConfig.builder()
                .endpoints(endpoint).ioGroup(group).callbackExecutor(appCallbacks).build());
        call(cb -> a.login(null, "release-a", cb));
        call(cb -> b.login(null, "release-b", cb));
        call(cb -> c.login(null, "release-c", cb));
        call(cb -> a.sendMessageToPeer("release-b", a.createMessage("ping"), new SendMessageOptions(), cb));
        call(cb -> c.sendMessageToPeer("release-b", c.createMessage("pong"), new SendMessageOptions(), cb));
        System.out.println("RECEIVED " + received.get(10, TimeUnit.SECONDS));
        System.out.println("SDK_THREADS_WHILE_RUNNING " + started(before).size());

        a.release();
        b.release();
        c.release();
        group.close();
        appCallbacks.shutdown();
        // wait (join) for the threads started since the beginning to end, all within one deadline;
        // the list is read again after each, for threads that started meanwhile
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Thread> running = started(before);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            running.get(0).join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            running = started(before);
        }
        List<String> left = new ArrayList<>();
        for (Thread t : started(before)) {
            left.add(t.getName() + (t.isDaemon() ? "(daemon)" : ""));
        }
        System.out.println(left.isEmpty() ? "NO_THREADS_LEFT" : "THREADS_LEFT " + left);
    }

    private static List<Thread> started(Set<Thread> before) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t != Thread.currentThread() && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    private interface Call {
        void run(ResultCallback<Void> cb);
    }

    private static void call(Call call) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        call.run(new ResultCallback<Void>() {
            @Override
            public void onSuccess(Void v) {
                done.complete(null);
            }

            @Override
            public void onFailure(ErrorInfo e) {
                done.completeExceptionally(new IllegalStateException(e.toString()));
            }
        });
        done.get(15, TimeUnit.SECONDS);
    }

    private static RtmClientListener listener(CompletableFuture<String> received) {
        return new RtmClientListener() {
            @Override
            public void onConnectionStateChanged(int state, int reason) {
            }

            @Override
            public void onMessageReceived(RtmMessage message, String peerId) {
                if (received != null) {
                    received.complete(peerId + ":" + message.getText());
                }
            }

            @Override
            public void onTokenExpired() {
            }

            @Override
            public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
            }
        };
    }
}
