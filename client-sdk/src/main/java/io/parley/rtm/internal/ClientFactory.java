package io.parley.rtm.internal;

import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.internal.transport.ClientTransport;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates clients. Clients without an explicit I/O group / callback executor share the
 * {@link ClientRuntime shared runtime} and one callback pool for the whole process, so 1,000
 * clients do not mean 1,000 thread pools. Every thread the SDK starts by itself is a daemon and
 * ends once the clients are released: the I/O threads with the last client, the callback threads
 * after {@value #CALLBACK_IDLE_SECONDS} s without work.
 */
@Internal
public final class ClientFactory {
    public static final String SDK_VERSION = "parley-rtm-java-0.1.0";
    static final int CALLBACK_IDLE_SECONDS = 2;
    private static final AtomicInteger LIVE = new AtomicInteger();
    private static volatile ThreadPoolExecutor sharedCallbacks;

    private ClientFactory() {
    }

    public static RtmClient create(String appId, RtmClientListener listener, RtmClientConfig config) {
        boolean shared = config.ioGroup() == null;
        ClientRuntime runtime = shared ? ClientRuntime.acquireShared() : ClientRuntime.of(config.ioGroup());
        SerialExecutor callbacks = new SerialExecutor(
                config.callbackExecutor() != null ? config.callbackExecutor() : sharedCallbacks());
        ConnectionManager manager = new ConnectionManager(appId, config, listener, callbacks, runtime.timers(),
                runtime.sweeper(), new ClientTransport(runtime.io(), config.trustManagerFactory()));
        LIVE.incrementAndGet();
        Runnable onRelease = () -> {
            LIVE.decrementAndGet();
            if (shared) {
                ClientRuntime.releaseShared(runtime);
            }
        };
        return new RtmClientImpl(manager, callbacks, onRelease,
                new PeerMessages(manager, listener, callbacks, config.peerMessageTimeoutMillis()),
                new Presence(manager, listener, callbacks), new UserAttributes(manager, callbacks));
    }

    public static int liveInstances() {
        return LIVE.get();
    }

    private static ThreadPoolExecutor sharedCallbacks() {
        ThreadPoolExecutor e = sharedCallbacks;
        if (e == null) {
            synchronized (ClientFactory.class) {
                e = sharedCallbacks;
                if (e == null) {
                    AtomicInteger n = new AtomicInteger();
                    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
                    e = new ThreadPoolExecutor(threads, threads, CALLBACK_IDLE_SECONDS, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, "parley-sdk-callback-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    e.allowCoreThreadTimeOut(true);
                    sharedCallbacks = e;
                }
            }
        }
        return e;
    }
}
