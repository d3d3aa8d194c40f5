package io.parley.rtm.internal;

import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.internal.transport.ClientTransport;
import io.parley.rtm.internal.transport.IoGroup;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates clients. Clients without an explicit I/O group / callback executor share one lazily
 * created I/O group and one callback pool for the whole process, so 1,000 clients do not mean
 * 1,000 thread pools. The shared threads are daemons and live for the process.
 */
public final class ClientFactory {
    public static final String SDK_VERSION = "parley-rtm-java-0.1.0";
    private static final AtomicInteger LIVE = new AtomicInteger();
    private static volatile IoGroup sharedIo;
    private static volatile ExecutorService sharedCallbacks;

    private ClientFactory() {
    }

    public static RtmClient create(String appId, RtmClientListener listener, RtmClientConfig config) {
        IoGroup io = config.ioGroup() != null ? config.ioGroup().internal() : sharedIo();
        SerialExecutor callbacks = new SerialExecutor(
                config.callbackExecutor() != null ? config.callbackExecutor() : sharedCallbacks());
        ConnectionManager manager = new ConnectionManager(appId, config, listener, callbacks, io.scheduler(),
                new ClientTransport(io, config.trustManagerFactory()));
        LIVE.incrementAndGet();
        return new RtmClientImpl(manager, callbacks, LIVE::decrementAndGet,
                new PeerMessages(manager, listener, callbacks, config.peerMessageTimeout()),
                new Presence(manager, listener, callbacks), new UserAttributes(manager, callbacks));
    }

    public static int liveInstances() {
        return LIVE.get();
    }

    private static IoGroup sharedIo() {
        IoGroup g = sharedIo;
        if (g == null) {
            synchronized (ClientFactory.class) {
                g = sharedIo;
                if (g == null) {
                    g = new IoGroup(0, "parley-sdk-io");
                    sharedIo = g;
                }
            }
        }
        return g;
    }

    private static ExecutorService sharedCallbacks() {
        ExecutorService e = sharedCallbacks;
        if (e == null) {
            synchronized (ClientFactory.class) {
                e = sharedCallbacks;
                if (e == null) {
                    AtomicInteger n = new AtomicInteger();
                    e = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                        Thread t = new Thread(r, "parley-sdk-callback-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    sharedCallbacks = e;
                }
            }
        }
        return e;
    }
}
