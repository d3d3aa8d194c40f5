package io.parley.rtm.internal;

import io.parley.protocol.AttributeRules;
import io.parley.protocol.Identifiers;
import io.parley.rtm.internal.wire.AddOrUpdateLocalUserAttributes;
import io.parley.rtm.internal.wire.Attribute;
import io.parley.rtm.internal.wire.ClearLocalUserAttributes;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.DeleteLocalUserAttributesByKeys;
import io.parley.rtm.internal.wire.GetUserAttributes;
import io.parley.rtm.internal.wire.GetUserAttributesByKeys;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.internal.wire.SetLocalUserAttributes;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmAttribute;
import io.parley.rtm.RtmStatusCode.AttributeOperationError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Local user attributes in the SDK: argument checks with RTM's codes, and a mirror of what the
 * server holds so a reconnect onto a fresh server session restores them. Cleared at logout.
 */
final class UserAttributes {
    private static final long TIMEOUT_MILLIS = 5_000;
    private static final Class<?> G = AttributeOperationError.class;

    private final ConnectionManager manager;
    private final Executor callbacks;
    /** What the server holds for this session after the last successful write. Guarded by itself. */
    private final Map<String, String> mirror = new LinkedHashMap<>();

    UserAttributes(ConnectionManager manager, Executor callbacks) {
        this.manager = manager;
        this.callbacks = callbacks;
    }

    void set(List<RtmAttribute> attrs, ResultCallback<Void> cb) {
        List<Attribute> wire = wire(attrs, true, cb);
        if (wire == null) {
            return;
        }
        Map<String, String> next = new LinkedHashMap<>();
        wire.forEach(a -> next.put(a.getKey(), a.getValue()));
        if (!AttributeRules.withinLimits(next, AttributeRules.MAX_USER_TOTAL_BYTES)) {
            Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW);
            return;
        }
        write(ClientFrame.newBuilder().setSetLocalUserAttributes(SetLocalUserAttributes.newBuilder().addAllAttributes(wire)),
                cb, m -> {
                    m.clear();
                    m.putAll(next);
                });
    }

    void addOrUpdate(List<RtmAttribute> attrs, ResultCallback<Void> cb) {
        List<Attribute> wire = wire(attrs, false, cb);
        if (wire != null) {
            write(ClientFrame.newBuilder().setAddOrUpdateLocalUserAttributes(
                    AddOrUpdateLocalUserAttributes.newBuilder().addAllAttributes(wire)), cb,
                    m -> wire.forEach(a -> m.put(a.getKey(), a.getValue())));
        }
    }

    void delete(List<String> keys, ResultCallback<Void> cb) {
        if (keys == null || keys.isEmpty() || !keys.stream().allMatch(AttributeRules::validKey)) {
            Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
            return;
        }
        write(ClientFrame.newBuilder().setDeleteLocalUserAttributesByKeys(
                DeleteLocalUserAttributesByKeys.newBuilder().addAllKeys(keys)), cb, m -> keys.forEach(m::remove));
    }

    void clear(ResultCallback<Void> cb) {
        write(ClientFrame.newBuilder().setClearLocalUserAttributes(ClearLocalUserAttributes.getDefaultInstance()), cb,
                Map::clear);
    }

    void get(String userId, List<String> keys, boolean byKeys, ResultCallback<List<RtmAttribute>> cb) {
        if (!Identifiers.isValidUserId(userId) || (byKeys && (keys == null || keys.isEmpty()
                || !keys.stream().allMatch(AttributeRules::validKey)))) {
            Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
            return;
        }
        ClientFrame.Builder f = byKeys
                ? ClientFrame.newBuilder().setGetUserAttributesByKeys(GetUserAttributesByKeys.newBuilder().setUserId(userId)
                        .addAllKeys(keys))
                : ClientFrame.newBuilder().setGetUserAttributes(GetUserAttributes.newBuilder().setUserId(userId));
        manager.request(f, TIMEOUT_MILLIS).whenComplete((reply, err) -> {
            int code = code(reply, err);
            if (code != 0) {
                Callbacks.failure(callbacks, cb, G, code);
                return;
            }
            List<RtmAttribute> out = new ArrayList<>();
            reply.getUserAttributes().getAttributesList().forEach(a -> out.add(new RtmAttribute(a.getKey(), a.getValue())));
            Callbacks.success(callbacks, cb, out);
        });
    }

    /** Reconnected onto a fresh server session: put the attributes back. */
    void restore() {
        List<Attribute> wire = new ArrayList<>();
        synchronized (mirror) {
            mirror.forEach((k, v) -> wire.add(Attribute.newBuilder().setKey(k).setValue(v).build()));
        }
        if (!wire.isEmpty()) {
            manager.request(ClientFrame.newBuilder().setSetLocalUserAttributes(
                    SetLocalUserAttributes.newBuilder().addAllAttributes(wire)), TIMEOUT_MILLIS);
        }
    }

    void forget() {
        synchronized (mirror) {
            mirror.clear();
        }
    }

    private void write(ClientFrame.Builder f, ResultCallback<Void> cb, Consumer<Map<String, String>> apply) {
        manager.request(f, TIMEOUT_MILLIS).whenComplete((reply, err) -> {
            int code = code(reply, err);
            if (code != 0) {
                Callbacks.failure(callbacks, cb, G, code);
                return;
            }
            synchronized (mirror) {
                apply.accept(mirror);
            }
            Callbacks.success(callbacks, cb, null);
        });
    }

    private List<Attribute> wire(List<RtmAttribute> attrs, boolean emptyAllowed, ResultCallback<Void> cb) {
        if (attrs == null || (!emptyAllowed && attrs.isEmpty())) {
            Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
            return null;
        }
        List<Attribute> out = new ArrayList<>();
        for (RtmAttribute a : attrs) {
            if (a == null || !AttributeRules.validKey(a.getKey()) || !AttributeRules.validValueShape(a.getValue())) {
                Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
                return null;
            }
            out.add(Attribute.newBuilder().setKey(a.getKey()).setValue(a.getValue()).build());
        }
        return out;
    }

    private static int code(ServerFrame reply, Throwable err) {
        if (err == null) {
            switch (reply.getStatus().getCode()) {
                case SIZE_OVERFLOW:
                    return AttributeOperationError.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW;
                case USER_NOT_FOUND:
                    return AttributeOperationError.ATTRIBUTE_OPERATION_ERR_USER_NOT_FOUND;
                default:
                    break;
            }
        }
        return Presence.code(reply, err, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TOO_OFTEN,
                AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TIMEOUT,
                AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, -1,
                AttributeOperationError.ATTRIBUTE_OPERATION_ERR_FAILURE);
    }
}
