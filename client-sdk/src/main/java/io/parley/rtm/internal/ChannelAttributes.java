package io.parley.rtm.internal;

import io.parley.protocol.AttributeRules;
import io.parley.protocol.Identifiers;
import io.parley.rtm.internal.wire.AddOrUpdateChannelAttributes;
import io.parley.rtm.internal.wire.Attribute;
import io.parley.rtm.internal.wire.ChannelAttribute;
import io.parley.rtm.internal.wire.ChannelMemberCount;
import io.parley.rtm.internal.wire.ClearChannelAttributes;
import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.DeleteChannelAttributesByKeys;
import io.parley.rtm.internal.wire.GetChannelAttributes;
import io.parley.rtm.internal.wire.GetChannelAttributesByKeys;
import io.parley.rtm.internal.wire.GetChannelMemberCount;
import io.parley.rtm.internal.wire.SetChannelAttributes;
import io.parley.rtm.ChannelAttributeOptions;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelMemberCount;
import io.parley.rtm.RtmStatusCode.AttributeOperationError;
import io.parley.rtm.RtmStatusCode.GetChannelMemberCountErrCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Channel attributes and member counts: requests that need no channel handle and no join. */
final class ChannelAttributes {
    private static final long TIMEOUT_MILLIS = 5_000;
    private static final Class<?> G = AttributeOperationError.class;

    private final ConnectionManager manager;
    private final Executor callbacks;

    ChannelAttributes(ConnectionManager manager, Executor callbacks) {
        this.manager = manager;
        this.callbacks = callbacks;
    }

    enum Write {
        SET,
        ADD_OR_UPDATE,
        DELETE,
        CLEAR
    }

    void write(Write op, String channelId, List<RtmChannelAttribute> attrs, List<String> keys,
               ChannelAttributeOptions options, ResultCallback<Void> cb) {
        boolean notify = options != null && options.getEnableNotificationToChannelMembers();
        List<Attribute> wire = new ArrayList<>();
        boolean ok = Identifiers.isValidChannelId(channelId);
        if (op == Write.SET || op == Write.ADD_OR_UPDATE) {
            ok &= attrs != null && (op == Write.SET || !attrs.isEmpty());
            if (ok) {
                for (RtmChannelAttribute a : attrs) {
                    if (a == null || !AttributeRules.validKey(a.getKey()) || !AttributeRules.validValueShape(a.getValue())) {
                        ok = false;
                        break;
                    }
                    wire.add(Attribute.newBuilder().setKey(a.getKey()).setValue(a.getValue()).build());
                }
            }
        }
        if (op == Write.DELETE) {
            ok &= keys != null && !keys.isEmpty() && keys.stream().allMatch(AttributeRules::validKey);
        }
        if (!ok) {
            Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
            return;
        }
        ClientFrame.Builder f;
        switch (op) {
            case SET:
                f = ClientFrame.newBuilder().setSetChannelAttributes(SetChannelAttributes.newBuilder()
                        .setChannelId(channelId).addAllAttributes(wire).setNotifyMembers(notify));
                break;
            case ADD_OR_UPDATE:
                f = ClientFrame.newBuilder().setAddOrUpdateChannelAttributes(AddOrUpdateChannelAttributes
                        .newBuilder().setChannelId(channelId).addAllAttributes(wire).setNotifyMembers(notify));
                break;
            case DELETE:
                f = ClientFrame.newBuilder().setDeleteChannelAttributesByKeys(DeleteChannelAttributesByKeys
                        .newBuilder().setChannelId(channelId).addAllKeys(keys).setNotifyMembers(notify));
                break;
            default: // CLEAR
                f = ClientFrame.newBuilder().setClearChannelAttributes(ClearChannelAttributes.newBuilder()
                        .setChannelId(channelId).setNotifyMembers(notify));
                break;
        }
        manager.request(f, TIMEOUT_MILLIS).whenComplete((reply, err) -> {
            int code = code(reply, err);
            if (code == 0) {
                Callbacks.success(callbacks, cb, null);
            } else {
                Callbacks.failure(callbacks, cb, G, code);
            }
        });
    }

    void read(String channelId, List<String> keys, boolean byKeys, ResultCallback<List<RtmChannelAttribute>> cb) {
        if (!Identifiers.isValidChannelId(channelId) || (byKeys && (keys == null || keys.isEmpty()
                || !keys.stream().allMatch(AttributeRules::validKey)))) {
            Callbacks.failure(callbacks, cb, G, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
            return;
        }
        ClientFrame.Builder f = byKeys
                ? ClientFrame.newBuilder().setGetChannelAttributesByKeys(GetChannelAttributesByKeys.newBuilder()
                        .setChannelId(channelId).addAllKeys(keys))
                : ClientFrame.newBuilder().setGetChannelAttributes(GetChannelAttributes.newBuilder().setChannelId(channelId));
        manager.request(f, TIMEOUT_MILLIS).whenComplete((reply, err) -> {
            int code = code(reply, err);
            if (code == 0) {
                Callbacks.success(callbacks, cb, fromWire(reply.getChannelAttributes().getAttributesList()));
            } else {
                Callbacks.failure(callbacks, cb, G, code);
            }
        });
    }

    void memberCounts(List<String> channelIds, ResultCallback<List<RtmChannelMemberCount>> cb) {
        Class<?> g = GetChannelMemberCountErrCode.class;
        if (channelIds == null || channelIds.isEmpty() || !channelIds.stream().allMatch(Identifiers::isValidChannelId)) {
            Callbacks.failure(callbacks, cb, g, GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_INVALID_ARGUMENT);
            return;
        }
        if (channelIds.size() > 32) {
            Callbacks.failure(callbacks, cb, g, GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_EXCEED_LIMIT);
            return;
        }
        manager.request(ClientFrame.newBuilder().setGetChannelMemberCount(GetChannelMemberCount.newBuilder()
                .addAllChannelIds(channelIds)), TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    int code = Presence.code(reply, err, GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_TOO_OFTEN,
                            GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_TIMEOUT,
                            GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_INVALID_ARGUMENT, -1,
                            GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_FAILURE);
                    if (code == GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_FAILURE && err == null
                            && reply.getStatus().getCode() == io.parley.rtm.internal.wire.ErrorCode.EXCEED_LIMIT) {
                        code = GetChannelMemberCountErrCode.GET_CHANNEL_MEMBER_COUNT_ERR_EXCEED_LIMIT;
                    }
                    if (code != 0) {
                        Callbacks.failure(callbacks, cb, g, code);
                        return;
                    }
                    List<RtmChannelMemberCount> out = new ArrayList<>();
                    for (ChannelMemberCount c : reply.getChannelMemberCounts().getCountsList()) {
                        out.add(new RtmChannelMemberCount(c.getChannelId(), c.getCount()));
                    }
                    Callbacks.success(callbacks, cb, out);
                });
    }

    static List<RtmChannelAttribute> fromWire(List<ChannelAttribute> attrs) {
        List<RtmChannelAttribute> out = new ArrayList<>();
        for (ChannelAttribute a : attrs) {
            out.add(new RtmChannelAttribute(a.getKey(), a.getValue(), a.getLastUpdateUserId(), a.getLastUpdateTs()));
        }
        return out;
    }

    private static int code(io.parley.rtm.internal.wire.ServerFrame reply, Throwable err) {
        if (err == null && reply.getStatus().getCode() == io.parley.rtm.internal.wire.ErrorCode.SIZE_OVERFLOW) {
            return AttributeOperationError.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW;
        }
        return Presence.code(reply, err, AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TOO_OFTEN,
                AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TIMEOUT,
                AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT, -1,
                AttributeOperationError.ATTRIBUTE_OPERATION_ERR_FAILURE);
    }
}
