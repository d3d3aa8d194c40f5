package io.parley.server.admin;

import io.parley.server.log.LogSafe;
import io.parley.protocol.Identifiers;
import io.parley.protocol.v1.ChannelAttribute;
import io.parley.protocol.v1.ErrorCode;
import io.parley.server.channels.ChannelAttributeService;
import io.parley.server.channels.ChannelAttributeService.Write;
import io.parley.server.cluster.ChannelKey;
import io.parley.server.channels.ChannelService;
import io.parley.server.session.Session;
import io.parley.server.session.SessionService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels: member count and members ({@code GET apps/{app}/channels/{channel}/member_count|members},
 * members sampled like getMembers: 512 at most), removing a member
 * ({@code DELETE apps/{app}/channels/{channel}/members/{user}}) and attributes
 * ({@code GET|PUT|PATCH|DELETE apps/{app}/channels/{channel}/attributes}: read, replace, add or
 * update, delete keys or clear — with RTM's limits and optional member notification).
 */
final class ChannelEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ChannelEndpoints.class);

    record CountResult(String channelId, int count) {
    }

    record MembersResult(String channelId, int count, List<String> members) {
    }

    record RemoveResult(String channelId, String userId, boolean removed) {
    }

    record AttributesWrite(Map<String, String> attributes, boolean enableNotification) {
    }

    record AttributesDelete(List<String> keys, boolean enableNotification) {
    }

    record AttributeView(String key, String value, String lastUpdateUserId, long lastUpdateTs) {
    }

    record AttributesResult(String channelId, List<AttributeView> attributes) {
    }

    private final SessionService sessions;
    private final ChannelService channels;
    private final ChannelAttributeService attributes;

    ChannelEndpoints(SessionService sessions, ChannelService channels, ChannelAttributeService attributes) {
        this.sessions = sessions;
        this.channels = channels;
        this.attributes = attributes;
    }

    void register(Router r) {
        r.add("GET", "apps/{app}/channels/{channel}/member_count", this::count);
        r.add("GET", "apps/{app}/channels/{channel}/members", this::members);
        r.add("DELETE", "apps/{app}/channels/{channel}/members/{user}", this::remove);
        r.add("GET", "apps/{app}/channels/{channel}/attributes", this::readAttributes);
        r.add("PUT", "apps/{app}/channels/{channel}/attributes", c -> write(c, Write.SET));
        r.add("PATCH", "apps/{app}/channels/{channel}/attributes", c -> write(c, Write.ADD_OR_UPDATE));
        r.add("DELETE", "apps/{app}/channels/{channel}/attributes", this::deleteAttributes);
    }

    private Object count(Router.Call call) {
        ChannelKey key = key(call);
        return channels.countAsync(key).thenApply(n -> new CountResult(key.channelId(), n));
    }

    private Object members(Router.Call call) {
        ChannelKey key = key(call);
        return channels.countAsync(key).thenCombine(channels.sampleMembersAsync(key, ChannelService.MAX_MEMBERS_RETURNED),
                (n, members) -> new MembersResult(key.channelId(), n, members));
    }

    private Object remove(Router.Call call) {
        ChannelKey key = key(call);
        String userId = UserEndpoints.userId(call.param("user"));
        Session s = sessions.registry().get(key.appId(), userId);
        if (s == null) { // the user may be a member on another node
            return channels.removeElsewhere(key.appId(), userId, key.channelId()).thenApply(done -> {
                        if (!done) {
                            throw AdminError.notFound("NOT_IN_CHANNEL", "user is not a member of this channel");
                        }
                        log.info("admin remove app={} user={} channel={} (on another node)", LogSafe.of(key.appId()),
                                LogSafe.of(userId), LogSafe.of(key.channelId()));
                        return new RemoveResult(key.channelId(), userId, true);
                    });
        }
        if (s == null || !channels.remove(s, key.channelId())) {
            throw AdminError.notFound("NOT_IN_CHANNEL", "user is not a member of this channel");
        }
        log.info("admin remove app={} user={} channel={}", LogSafe.of(key.appId()), LogSafe.of(userId),
                LogSafe.of(key.channelId()));
        return new RemoveResult(key.channelId(), userId, true);
    }

    private Object readAttributes(Router.Call call) {
        ChannelKey key = key(call);
        return view(key);
    }

    private Object write(Router.Call call, Write op) {
        ChannelKey key = key(call);
        AttributesWrite req = call.body(AttributesWrite.class);
        Map<String, String> values = req.attributes() == null ? Map.of() : new LinkedHashMap<>(req.attributes());
        return attributes.writeFromServer(key, op, values, List.of(), req.enableNotification(), MessageEndpoints.SYSTEM_USER)
                .thenCompose(code -> {
                    check(code);
                    return view(key);
                });
    }

    private Object deleteAttributes(Router.Call call) {
        ChannelKey key = key(call);
        AttributesDelete req = call.optionalBody(AttributesDelete.class);
        boolean notify = req != null && req.enableNotification();
        List<String> keys = req == null || req.keys() == null ? List.of() : req.keys();
        return attributes.writeFromServer(key, keys.isEmpty() ? Write.CLEAR : Write.DELETE, Map.of(), keys, notify,
                MessageEndpoints.SYSTEM_USER).thenCompose(code -> {
                    check(code);
                    return view(key);
                });
    }

    private static void check(ErrorCode result) {
        switch (result) {
            case OK -> {
            }
            case SIZE_OVERFLOW -> throw AdminError.badRequest("SIZE_OVERFLOW",
                    "over 32 attributes, 8 KB per value or 32 KB in all");
            default -> throw AdminError.badRequest("INVALID_ARGUMENT", "invalid attribute key or empty value");
        }
    }

    private java.util.concurrent.CompletableFuture<AttributesResult> view(ChannelKey key) {
        return attributes.currentAsync(key).thenApply(list -> new AttributesResult(key.channelId(), list.stream()
                .map((ChannelAttribute a) -> new AttributeView(a.getKey(), a.getValue(), a.getLastUpdateUserId(),
                        a.getLastUpdateTs()))
                .toList()));
    }

    private static ChannelKey key(Router.Call call) {
        String channelId = call.param("channel");
        if (!Identifiers.isValidChannelId(channelId)) {
            throw AdminError.badRequest("INVALID_CHANNEL_ID", "channel id breaks the RTM id rules");
        }
        return new ChannelKey(call.param("app"), channelId);
    }
}
