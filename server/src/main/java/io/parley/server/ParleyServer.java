package io.parley.server;

import io.parley.protocol.token.TokenVerifier;
import io.parley.protocol.v1.DisconnectCode;
import io.parley.server.admin.AdminApi;
import io.parley.server.config.RestConfig;
import io.parley.server.console.ActivityLog;
import io.parley.server.console.ConsoleApi;
import io.parley.server.history.MessageArchive;
import io.parley.server.rest.AgoraRestApi;
import io.parley.server.rest.EventRecorder;
import io.parley.server.store.EventFeed;
import io.parley.server.store.LocalEventFeed;
import io.parley.server.store.MessageHistory;
import io.parley.server.store.RedisEventFeed;
import io.parley.server.store.RedisMessageHistory;
import io.parley.server.store.RocksDbMessageHistory;
import io.parley.server.auth.Authenticator;
import io.parley.server.cluster.ClusterPorts;
import io.parley.server.cluster.RedisConnector;
import io.parley.server.store.RedisOfflineStore;
import io.parley.server.channels.ChannelAttributeService;
import io.parley.server.channels.ChannelService;
import io.parley.server.config.ServerConfig;
import io.parley.server.invitations.InvitationService;
import io.parley.server.metrics.MicrometerMetrics;
import io.parley.server.attributes.UserAttributeService;
import io.parley.server.messaging.PeerMessagingService;
import io.parley.server.presence.PresenceService;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.dispatch.CommandDispatcher;
import io.parley.server.session.CrossNodeSessions;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.SessionListener;
import io.parley.server.session.SessionLiveness;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import io.parley.server.store.OfflineStore;
import io.parley.server.store.RocksDbOfflineStore;
import io.parley.server.store.StorePolicy;
import io.parley.server.time.TimeSource;
import io.parley.server.transport.AfterCurrentTask;
import io.parley.server.transport.TransportServer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root: builds every component from a {@link ServerConfig}. {@link #start()} binds the
 * ports (0 = ephemeral, see {@link #port()}); {@link #close()} shuts down gracefully: stop
 * accepting, tell every client SERVER_SHUTDOWN (they reconnect, to another endpoint if they have
 * one), then stop the loops.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
    private static final long SWEEP_PERIOD_MILLIS = 200;

    private final ServerConfig config;
    private final TimeSource time;
    private final SessionService sessions;
    private final SessionLiveness liveness;
    private final OfflineStore offlineStore;
    private final PeerMessagingService messaging;
    private final ChannelService channels;
    private final ChannelAttributeService channelAttributes;
    private final InvitationService invitations;
    private final CommandDispatcher dispatcher;
    private final TransportServer transport;
    private final MicrometerMetrics metrics;
    private final AdminApi admin;
    private final AgoraRestApi restApi;
    private final ConsoleApi console;
    private final MessageHistory history;
    private final RedisConnector redis;
    private final ClusterPorts cluster;
    private final CrossNodeSessions crossNode;
    private static final long CLUSTER_HEARTBEAT_MILLIS = 1000;
    private final ScheduledExecutorService timers;
    private volatile boolean started;
    private volatile boolean closed;

    public ParleyServer(ServerConfig config) {
        this(config, TimeSource.SYSTEM);
    }

    public ParleyServer(ServerConfig config, TimeSource time) {
        this.config = config;
        this.time = time;
        TokenVerifier verifier = new TokenVerifier(() -> time.currentTimeMillis() / 1000,
                config.enforce006PrivilegeExpiry(), 300, config.tokenMaxLifetimeSeconds());
        Authenticator authenticator = new Authenticator(config, verifier);
        this.sessions = new SessionService(authenticator, new SessionRegistry(), time);
        this.liveness = new SessionLiveness(sessions, time, config.unreachableAfter(), config.sessionTimeout());
        StorePolicy storePolicy = new StorePolicy(config.offlineMaxPerUser(), config.offlineTtl(), time::currentTimeMillis);
        this.transport = new TransportServer(config.ioThreads(), config.slowConsumerBytes(), config.maxConnections(),
                config.maxConnectionsPerAddress());
        if (config.tls()) {
            transport.tls(config.tlsCertFile(), config.tlsKeyFile());
        }
        transport.webSocketOrigins(config.webSocketAllowedOrigins(), config.devMode());
        transport.http(config.httpMaxConnections(), config.httpIdleTimeoutMillis(), config.httpBodyTimeoutMillis());
        this.redis = config.redis() != null
                ? new RedisConnector(config.redis(), transport.sharedEventLoops(), config.redisTlsTrust())
                : config.redisCluster().isEmpty() ? null
                : RedisConnector.cluster(config.redisCluster(), config.redisTlsTrust());
        RestConfig rest = config.rest();
        EventFeed eventFeed;
        // the one place that chooses: a single node (RocksDB and memory) or a node of a cluster on Redis
        if (redis == null) {
            this.offlineStore = new RocksDbOfflineStore(config.dataDir(), storePolicy, config.offlineMaxQueuedAppends(),
                    config.offlineMaxBytesPerApp());
            this.history = new RocksDbMessageHistory(config.dataDir(), rest.historyRetention(),
                    rest.historyMaxMessagesPerApp(), time::currentTimeMillis);
            eventFeed = new LocalEventFeed(rest.eventsPerApp());
            this.cluster = ClusterPorts.singleNode(config.nodeId() == null ? "this node" : config.nodeId(),
                    time::nanoTime);
        } else {
            this.offlineStore = new RedisOfflineStore(redis, storePolicy);
            this.history = new RedisMessageHistory(redis, rest.historyRetention(), rest.historyMaxMessagesPerApp(),
                    time::currentTimeMillis);
            eventFeed = new RedisEventFeed(redis, rest.eventsPerApp());
            this.cluster = ClusterPorts.onRedis(redis, config.nodeId(), CLUSTER_HEARTBEAT_MILLIS,
                    AfterCurrentTask.INSTANCE);
        }
        MessageArchive archive = new MessageArchive(history);
        SessionRateLimits rateLimits = new SessionRateLimits(config.rateLimits(), time::nanoTime);
        this.crossNode = new CrossNodeSessions(sessions, cluster.sessions(), cluster.bans());
        this.messaging = new PeerMessagingService(sessions.registry(), offlineStore, time,
                rateLimits, config.peerAckTimeout(),
                config.maxUnackedPerSession(), archive, cluster.peers());
        sessions.addListener(messaging);
        PresenceService presence = new PresenceService(sessions.registry(), rateLimits, cluster.presence());
        sessions.addListener(presence);
        UserAttributeService userAttributes = new UserAttributeService(sessions.registry(), rateLimits,
                cluster.userAttributes());
        sessions.addListener(userAttributes);
        sessions.addListener(new SessionListener() {
            @Override
            public void sessionEnded(Session session, SessionEndReason reason) {
                rateLimits.forget(session.id());
            }
        });
        this.channels = new ChannelService(rateLimits, time, config.maxChannelsPerApp(), archive, cluster.channels());
        sessions.addListener(channels);
        // after the channels: a session's end records its Leave events before its Logout
        EventRecorder eventRecorder = new EventRecorder(eventFeed, time::currentTimeMillis);
        sessions.addListener(eventRecorder);
        channels.addMembershipListener(eventRecorder);
        ActivityLog activity = new ActivityLog(time::currentTimeMillis, config.consoleMessageBodies());
        sessions.addListener(activity);
        channels.addMembershipListener(activity);
        rateLimits.feed(activity);
        messaging.feed(activity);
        channels.feed(activity);
        this.channelAttributes = new ChannelAttributeService(channels, rateLimits, time, config.channelAttributeTtl(),
                cluster.channelAttributes());
        this.invitations = new InvitationService(sessions.registry(), time, config.invitationOfflineRetry(),
                config.invitationNoResponse(), config.invitationExpire(), rateLimits, config.maxLiveInvitationsPerUser(),
                cluster.invitations());
        sessions.addListener(invitations);
        invitations.feed(activity);
        this.dispatcher = new CommandDispatcher(sessions,
                new CommandDispatcher.Features(messaging, presence, userAttributes, channels, channelAttributes,
                        invitations), time,
                config.loginsPerSecond(), (int) config.heartbeatInterval().toMillis());
        this.admin = new AdminApi(config, new AdminApi.Features(sessions, messaging, presence, userAttributes, channels,
                channelAttributes, crossNode, cluster, history), time);
        this.restApi = new AgoraRestApi(config, authenticator,
                new AgoraRestApi.Features(messaging, channels, archive, eventFeed, history), time);
        this.console = new ConsoleApi(config, admin, activity, () -> sessions.registry().all().stream()
                .map(Session::appId).distinct().toList(), time);

        this.metrics = new MicrometerMetrics();
        dispatcher.metrics(metrics);
        restApi.metrics(metrics);
        archive.metrics(metrics);
        messaging.metrics(metrics);
        channels.metrics(metrics);
        invitations.metrics(metrics);
        rateLimits.metrics(metrics);
        SessionRegistry registry = sessions.registry();
        metrics.gauge("parley.sessions", "logged-in sessions on this node", registry::size);
        metrics.gauge("parley.channels", "channels with members on this node", channels::channelCount);
        metrics.gauge("parley.channel.members", "channel memberships of sessions on this node", channels::memberCount);
        metrics.gauge("parley.peer.pending.acks", "peer messages awaiting the recipient's ack", messaging::pendingCount);
        metrics.gauge("parley.offline.messages", "offline messages stored (estimate)", offlineStore::approximateSize);
        metrics.gauge("parley.offline.store.bytes", "bytes of offline messages stored (estimate; -1 unknown)",
                offlineStore::approximateBytes);
        metrics.gauge("parley.invitations.active", "call invitations not yet ended", invitations::activeCount);
        transport.registerGauges(metrics);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-timers");
            t.setDaemon(true);
            return t;
        });
    }

    public ParleyServer start() throws InterruptedException {
        cluster.start();
        if (cluster.clustered()) {
            log.info("cluster mode: node {} on {}", cluster.nodeId(), config.redisDescription());
        }
        transport.start(config.host(), config.port(), config.httpHost(), config.httpPort(), dispatcher,
                config.loginHandshakeTimeout().toMillis(), this::isReady, metrics::scrape, List.of(admin, restApi, console));
        timers.scheduleAtFixedRate(this::sweep, SWEEP_PERIOD_MILLIS, SWEEP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(() -> offlineStore.purgeExpired().exceptionally(e -> {
            log.error("offline purge failed", e);
            return 0;
        }), 1, 60, TimeUnit.MINUTES);
        timers.scheduleAtFixedRate(() -> history.purge().exceptionally(e -> {
            log.error("message history purge failed", e);
            return 0L;
        }), 1, 10, TimeUnit.MINUTES);
        started = true;
        return this;
    }

    private void sweep() {
        try {
            liveness.sweep();
            messaging.sweep();
            channels.sweep();
            channelAttributes.sweep();
            invitations.sweep();
        } catch (RuntimeException e) {
            log.error("session sweep failed", e);
        }
    }

    public boolean isReady() {
        return started && !closed && !sessions.isDraining() && cluster.healthy();
    }

    public int port() {
        return transport.clientPort();
    }

    public int httpPort() {
        return transport.httpPort();
    }

    public ServerConfig config() {
        return config;
    }

    public SessionRegistry sessions() {
        return sessions.registry();
    }

    /** For features and tests: observe session lifecycle events. */
    public void addSessionListener(SessionListener listener) {
        sessions.addListener(listener);
    }

    /** Runs the liveness checks now (tests with a fake clock). */
    public void sweepNow() {
        liveness.sweep();
        messaging.sweep();
        channels.sweep();
        channelAttributes.sweep();
        invitations.sweep();
    }

    /** The command dispatcher behind every connection (in-process harnesses: the pipeline fuzz tests). */
    public CommandDispatcher dispatcher() {
        return dispatcher;
    }

    /** Channel membership (tests and operations). */
    public ChannelService channels() {
        return channels;
    }

    /** The offline message store (tests inspect it). */
    public OfflineStore offlineStore() {
        return offlineStore;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sessions.drain();
        timers.shutdownNow();
        transport.stopAccepting();
        // end every session the way a logout would, so features finish their work: pushes an
        // offline-allowed message's recipient had not acknowledged go to the offline store (which
        // then finishes its appends before it closes), other nodes learn the users left
        for (Session s : sessions.registry().all()) {
            sessions.end(s, SessionEndReason.SERVER_SHUTDOWN, DisconnectCode.SERVER_SHUTDOWN, "server shutting down");
        }
        cluster.close(); // before the I/O loops it shares stop
        history.close();
        if (redis != null) {
            redis.close();
        }
        transport.close();
        offlineStore.close();
        log.info("Parley stopped");
    }
}
