package io.parley.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link ParleyMetrics} on Micrometer with a Prometheus registry, plus the JVM, GC, thread, class
 * loader, uptime and process CPU binders. Counters are cached per tag value (the tag sets are
 * small and fixed), so the hot path is a map lookup and an add.
 */
public final class MicrometerMetrics implements ParleyMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Tagged closed;
    private final Tagged refused;
    private final Tagged logins;
    private final StripedCounters framesIn;
    private final StripedCounters framesOut;
    private final StripedCounters peerMessages;
    private final Tagged rateLimited;
    private final Tagged invitations;
    private final Tagged invalidMessages;
    private final Tagged restCalls;
    private final Counter historyAppendFailures;
    private final Tagged oversizeFrames;
    private final Tagged opened;
    private final Tagged webSocketRejected;
    private final Tagged httpRefused;
    private final Counter slowConsumers;
    private final Counter channelMessages;
    private final Counter deliveries;
    private final StripedLatencyHistogram deliveryLatency;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public MicrometerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        opened = new Tagged("parley.connections.opened", "client connections accepted, by transport", "transport");
        webSocketRejected = new Tagged("parley.websocket.rejected",
                "WebSocket upgrades refused and connections closed for breaking the rules, by reason", "reason");
        httpRefused = new Tagged("parley.http.refused",
                "HTTP-port connections and requests refused before they were read, by reason", "reason");
        slowConsumers = Counter.builder("parley.slow.consumer.disconnects")
                .description("clients disconnected because their outbound buffer passed the limit").register(registry);
        channelMessages = Counter.builder("parley.channel.messages").description("channel messages accepted")
                .register(registry);
        deliveries = Counter.builder("parley.deliveries").description("channel message deliveries to members")
                .register(registry);
        deliveryLatency = new StripedLatencyHistogram("parley_peer_delivery_latency_seconds",
                "peer message: received by the server → acknowledged by the recipient");
        registry.getPrometheusRegistry().register(deliveryLatency);
        refused = new Tagged("parley.connections.refused", "client connections refused at a connection cap", "reason");
        closed = new Tagged("parley.connections.closed", "client connections closed, by transport and reason",
                "transport", "reason");
        logins = new Tagged("parley.logins", "login attempts by result", "result");
        // counted several times per message on every I/O thread: striped, registered with Prometheus directly
        framesOut = new StripedCounters("parley_frames_out", "frames written to clients by type", "type");
        framesIn = new StripedCounters("parley_frames_in", "client frames received by type", "type");
        peerMessages = new StripedCounters("parley_peer_messages", "peer messages by outcome answered to the sender",
                "code");
        registry.getPrometheusRegistry().register(framesOut);
        registry.getPrometheusRegistry().register(framesIn);
        registry.getPrometheusRegistry().register(peerMessages);
        rateLimited = new Tagged("parley.rate.limited", "requests refused by a rate limit", "operation");
        invitations = new Tagged("parley.invitations", "call invitations by outcome", "outcome");
        invalidMessages = new Tagged("parley.messages.invalid",
                "message bodies breaking the RTM rules, refused or dropped, by where they came from", "source");
        restCalls = new Tagged("parley.rest.calls", "calls to Agora's RTM REST API by endpoint and HTTP status",
                "endpoint", "status");
        historyAppendFailures = Counter.builder("parley.history.append.failures")
                .description("messages sent with the history option that could not be archived").register(registry);
        oversizeFrames = new Tagged("parley.frames.oversize",
                "frames over the client frame limit that were not written, by type", "type");
    }

    /** One counter per combination of low-cardinality tag values; a lookup, no allocation, once registered. */
    private final class Tagged {
        private final String name;
        private final String description;
        private final String[] tags;
        private final Map<String, Counter> byValue = new ConcurrentHashMap<>();

        Tagged(String name, String description, String... tags) {
            this.name = name;
            this.description = description;
            this.tags = tags;
        }

        void increment(String value) {
            Counter c = byValue.get(value);
            if (c == null) {
                c = byValue.computeIfAbsent(value, v -> Counter.builder(name).description(description).tag(tags[0], v)
                        .register(registry));
            }
            c.increment();
        }

        void increment(String first, String second) {
            String key = first + '\0' + second;
            Counter c = byValue.get(key);
            if (c == null) {
                c = byValue.computeIfAbsent(key, v -> Counter.builder(name).description(description)
                        .tag(tags[0], first).tag(tags[1], second).register(registry));
            }
            c.increment();
        }
    }

    @Override
    public void connectionOpened(String transport) {
        opened.increment(transport);
    }

    @Override
    public void webSocketRejected(String reason) {
        webSocketRejected.increment(reason);
    }

    @Override
    public void httpRefused(String reason) {
        httpRefused.increment(reason);
    }

    @Override
    public void frameOut(Enum<?> type) {
        framesOut.increment(type);
    }

    @Override
    public void connectionRefused(String reason) {
        refused.increment(reason);
    }

    @Override
    public void slowConsumerDisconnect() {
        slowConsumers.increment();
    }

    @Override
    public void connectionClosed(String transport, String reason) {
        closed.increment(transport, reason);
    }

    @Override
    public void login(String result) {
        logins.increment(result);
    }

    @Override
    public void frameIn(Enum<?> type) {
        framesIn.increment(type);
    }

    @Override
    public void peerMessage(Enum<?> outcome) {
        peerMessages.increment(outcome);
    }

    @Override
    public void peerDeliveryLatency(long nanos) {
        deliveryLatency.record(nanos);
    }

    @Override
    public void channelMessage(int n) {
        channelMessages.increment();
        deliveries.increment(n);
    }

    @Override
    public void rateLimited(String operation) {
        rateLimited.increment(operation);
    }

    @Override
    public void invitation(String outcome) {
        invitations.increment(outcome);
    }

    @Override
    public void invalidMessage(String source) {
        invalidMessages.increment(source);
    }

    @Override
    public void historyAppendFailed() {
        historyAppendFailures.increment();
    }

    @Override
    public void restCall(String endpoint, int status) {
        restCalls.increment(endpoint, Integer.toString(status));
    }

    @Override
    public void oversizeFrame(Enum<?> type) {
        oversizeFrames.increment(type.name());
    }

    @Override
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
