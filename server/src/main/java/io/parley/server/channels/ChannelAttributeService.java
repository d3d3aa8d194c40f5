package io.parley.server.channels;

import io.parley.server.cluster.ChannelKey;
import io.parley.server.cluster.ClusterChannelAttributes;
import io.parley.server.cluster.SingleNodeChannelAttributes;
import io.parley.protocol.AttributeRules;
import io.parley.protocol.Identifiers;
import io.parley.protocol.v1.Attribute;
import io.parley.protocol.v1.ChannelAttribute;
import io.parley.protocol.v1.ChannelAttributes;
import io.parley.protocol.v1.ChannelAttributesUpdatedPush;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.time.TimeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Channel attributes (RTM §1.2): readable and writable without joining; each records its last
 * updater and time; with {@code notify} the members get the full current list. Limits: 32 keys,
 * 8 KB per value, 32 KB in all; writes are all-or-nothing. The attributes of a channel without
 * members are removed once it has been empty for {@code emptyTtl} (RTM: "a couple of minutes").
 */
public final class ChannelAttributeService implements ChannelService.MembershipListener {
    public static final int MAX_CHANNEL_TOTAL_BYTES = 32 * 1024;

    /** How a write changes the current attributes. */
    public enum Write {
        SET,
        ADD_OR_UPDATE,
        DELETE,
        CLEAR
    }

    private record Value(String value, String lastUpdateUserId, long lastUpdateTs) {
    }

    private static final int SHARED_WRITE_TRIES = 8;

    private final ChannelService channels;
    private final SessionRateLimits limits;
    private final TimeSource time;
    private final Duration emptyTtl;
    private final ClusterChannelAttributes store;

    /** A single node's: the attributes are kept in this node's memory. */
    public ChannelAttributeService(ChannelService channels, SessionRateLimits limits, TimeSource time, Duration emptyTtl) {
        this(channels, limits, time, emptyTtl, new SingleNodeChannelAttributes(time::nanoTime));
    }

    /** @param store where the attributes are kept: this node's memory, or (cluster mode) where every node reads them */
    public ChannelAttributeService(ChannelService channels, SessionRateLimits limits, TimeSource time, Duration emptyTtl,
                                   ClusterChannelAttributes store) {
        this.channels = channels;
        this.limits = limits;
        this.time = time;
        this.emptyTtl = emptyTtl;
        this.store = store;
        channels.addMembershipListener(this);
    }

    public void write(Session s, int rid, Write op, String channelId, List<Attribute> attributes, List<String> keys,
                      boolean notify) {
        if (!Identifiers.isValidChannelId(channelId)
                || (op == Write.ADD_OR_UPDATE && attributes.isEmpty()) || (op == Write.DELETE && keys.isEmpty())
                || !attributes.stream().allMatch(a -> AttributeRules.validKey(a.getKey())
                        && AttributeRules.validValueShape(a.getValue()))
                || !keys.stream().allMatch(AttributeRules::validKey)) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid channel id, key or empty value"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.CHANNEL_ATTRIBUTE_WRITE)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "channel attribute writes over budget"));
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach(a -> values.put(a.getKey(), a.getValue()));
        ChannelKey key = new ChannelKey(s.appId(), channelId);
        writeShared(key, op, values, keys, notify, s.userId(), SHARED_WRITE_TRIES).whenComplete((code, err) -> {
            if (err != null || code == ErrorCode.INTERNAL) {
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster attribute store unavailable"));
            } else if (code == ErrorCode.SIZE_OVERFLOW) {
                s.send(Replies.error(rid, code, "over 32 attributes, 8 KB per value or 32 KB in all"));
            } else {
                s.send(Replies.ok(rid).build());
            }
        });
    }

    /**
     * Operator write (admin API): the same rules as a member's write, recorded as by {@code updater}.
     * INVALID_ARGUMENT for a bad channel id, key or value; SIZE_OVERFLOW over the limits; else OK.
     */
    public CompletableFuture<ErrorCode> writeFromServer(ChannelKey key, Write op, Map<String, String> values,
                                                        List<String> keys, boolean notify, String updater) {
        if (!Identifiers.isValidChannelId(key.channelId())
                || (op == Write.ADD_OR_UPDATE && values.isEmpty()) || (op == Write.DELETE && keys.isEmpty())
                || !values.entrySet().stream().allMatch(e -> AttributeRules.validKey(e.getKey())
                        && AttributeRules.validValueShape(e.getValue()))
                || !keys.stream().allMatch(AttributeRules::validKey)) {
            return CompletableFuture.completedFuture(ErrorCode.INVALID_ARGUMENT);
        }
        return writeShared(key, op, values, keys, notify, updater, SHARED_WRITE_TRIES);
    }

    /**
     * Read-modify-write against the store with compare-and-set, retried when another writer (another
     * node, or another thread here) wrote meanwhile. Attributes written to a channel without members
     * start its expiry.
     */
    private CompletableFuture<ErrorCode> writeShared(ChannelKey key, Write op, Map<String, String> values, List<String> keys,
                                                     boolean notify, String updater, int tries) {
        return store.get(key).thenCompose(stored -> {
            Map<String, Value> current = decode(stored);
            Map<String, Value> next = next(current, op, values, keys, updater, time.currentTimeMillis());
            if (next == null) {
                return CompletableFuture.completedFuture(ErrorCode.SIZE_OVERFLOW);
            }
            List<ChannelAttribute> snapshot = list(next, List.of(), false);
            byte[] encoded = ChannelAttributes.newBuilder().setChannelId(key.channelId()).addAllAttributes(snapshot).build()
                    .toByteArray();
            return store.compareAndSet(key, stored, encoded).thenCompose(done -> {
                if (done) {
                    if (notify) {
                        notifyMembers(key, snapshot);
                    }
                    return channels.countAsync(key).handle((members, err) -> {
                        if (err == null && members == 0 && !next.isEmpty()) {
                            store.expireAfter(key, emptyTtl);
                        }
                        return ErrorCode.OK;
                    });
                }
                return tries > 1 ? writeShared(key, op, values, keys, notify, updater, tries - 1)
                        : CompletableFuture.completedFuture(ErrorCode.INTERNAL);
            });
        });
    }

    private static Map<String, Value> decode(byte[] stored) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (stored == null || stored.length == 0) {
            return out;
        }
        try {
            for (ChannelAttribute a : ChannelAttributes.parseFrom(stored).getAttributesList()) {
                out.put(a.getKey(), new Value(a.getValue(), a.getLastUpdateUserId(), a.getLastUpdateTs()));
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt channel attributes in the shared store", e);
        }
        return out;
    }

    /** The attributes after a write, or null if they would break a limit. */
    private static Map<String, Value> next(Map<String, Value> current, Write op, Map<String, String> values,
                                           List<String> keys, String updater, long now) {
        Map<String, Value> next = new LinkedHashMap<>(op == Write.ADD_OR_UPDATE || op == Write.DELETE ? current : Map.of());
        if (op == Write.DELETE) {
            keys.forEach(next::remove);
        } else {
            values.forEach((k, v) -> next.put(k, new Value(v, updater, now)));
        }
        Map<String, String> plain = new LinkedHashMap<>();
        next.forEach((k, v) -> plain.put(k, v.value()));
        return AttributeRules.withinLimits(plain, MAX_CHANNEL_TOTAL_BYTES) ? next : null;
    }

    private void notifyMembers(ChannelKey key, List<ChannelAttribute> snapshot) {
        channels.broadcast(key, ServerFrame.newBuilder().setChannelAttributesUpdated(
                ChannelAttributesUpdatedPush.newBuilder().setChannelId(key.channelId()).addAllAttributes(snapshot))
                .build());
    }

    /** The current attributes of a channel (admin API). */
    public CompletableFuture<List<ChannelAttribute>> currentAsync(ChannelKey key) {
        return store.get(key).thenApply(b -> list(decode(b), List.of(), false));
    }

    public void read(Session s, int rid, String channelId, List<String> keys, boolean byKeys) {
        if (!Identifiers.isValidChannelId(channelId) || (byKeys && keys.isEmpty())
                || !keys.stream().allMatch(AttributeRules::validKey)) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid channel id or key"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.CHANNEL_ATTRIBUTE_READ)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "channel attribute reads over budget"));
            return;
        }
        store.get(new ChannelKey(s.appId(), channelId)).whenComplete((stored, err) -> {
            if (err != null) {
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster attribute store unavailable"));
                return;
            }
            s.send(Replies.ok(rid).setChannelAttributes(ChannelAttributes.newBuilder().setChannelId(channelId)
                    .addAllAttributes(list(decode(stored), keys, byKeys))).build());
        });
    }

    private static List<ChannelAttribute> list(Map<String, Value> attrs, List<String> keys, boolean byKeys) {
        return attrs.entrySet().stream().filter(e -> !byKeys || keys.contains(e.getKey()))
                .map(e -> ChannelAttribute.newBuilder().setKey(e.getKey()).setValue(e.getValue().value())
                        .setLastUpdateUserId(e.getValue().lastUpdateUserId()).setLastUpdateTs(e.getValue().lastUpdateTs())
                        .build())
                .toList();
    }

    @Override
    public void channelEmptied(ChannelKey key) {
        store.expireAfter(key, emptyTtl); // the last member in the whole cluster left
    }

    @Override
    public void channelOccupied(ChannelKey key) {
        store.persist(key);
    }

    /** Removes what a store without its own expiry holds past its time (a single node's). */
    public void sweep() {
        store.sweep();
    }
}
