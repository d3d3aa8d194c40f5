package io.parley.server.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.parley.protocol.cluster.ChannelEvent;
import io.parley.server.channels.ChannelBus;
import io.parley.server.channels.ChannelKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChannelBus} on Redis: members in a set {@code parley:ch:{app}:{channel}}, events on the
 * topic {@code parley:chan:{app}:{channel}}. Each node also records its memberships in
 * {@code parley:nodech:{node}} so that the members of a node that died can be removed by the
 * survivors ({@link #forgetNode}).
 */
public final class RedisChannelBus implements ChannelBus {
    private static final Logger log = LoggerFactory.getLogger(RedisChannelBus.class);
    private static final String TOPIC = "parley:chan:";
    private static final String ADD = """
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[2])
            return redis.call('SCARD', KEYS[1])
            """;
    private static final String REMOVE = """
            redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[2])
            return redis.call('SCARD', KEYS[1])
            """;
    /** Removes the dead node's memberships, except those of users who meanwhile logged in on another node. */
    private static final String FORGET = """
            if redis.call('SET', KEYS[2], '1', 'NX', 'EX', 60) == false then return {} end
            local entries = redis.call('SMEMBERS', KEYS[1])
            local removed = {}
            for i = 1, #entries do
              local e = entries[i]
              local sep = string.find(e, '\\0', 1, true)
              local members = string.sub(e, 1, sep - 1)
              local user = string.sub(e, sep + 1)
              local app = string.match(members, '^parley:ch:([^:]+):')
              local owner = redis.call('GET', 'parley:user:' .. app .. ':' .. user)
              if (not owner) or string.sub(owner, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
                redis.call('SREM', members, user)
                removed[#removed + 1] = e
              end
            end
            redis.call('DEL', KEYS[1])
            return removed
            """;

    private final RedisConnector redis;
    private final String nodeId;
    private volatile Events handler = (k, p, e, c, m) -> { };

    public RedisChannelBus(RedisConnector redis, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        redis.pubsub().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                if (!channel.startsWith(TOPIC)) {
                    return;
                }
                ChannelKey key = keyOf(channel.substring(TOPIC.length()));
                try {
                    ChannelEvent e = ChannelEvent.parseFrom(message);
                    handler.event(key, e.getPush().toByteArray(), e.getExceptUserId(), e.getMemberCount(), e.getMemberEvent());
                } catch (InvalidProtocolBufferException ex) {
                    log.warn("dropping a malformed channel event on {}", channel);
                } catch (RuntimeException ex) {
                    log.error("channel event handler failed", ex);
                }
            }
        });
    }

    private static String members(ChannelKey k) {
        return "parley:ch:" + k.appId() + ":" + k.channelId();
    }

    private static String topic(ChannelKey k) {
        return TOPIC + k.appId() + ":" + k.channelId();
    }

    private static ChannelKey keyOf(String appAndChannel) {
        int colon = appAndChannel.indexOf(':'); // app ids have no ':'; channel ids may
        return new ChannelKey(appAndChannel.substring(0, colon), appAndChannel.substring(colon + 1));
    }

    private String nodeMemberships() {
        return nodeMemberships(nodeId);
    }

    private static String nodeMemberships(String node) {
        return "parley:nodech:" + node;
    }

    private static byte[] entry(ChannelKey k, String userId) {
        return (members(k) + "\0" + userId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onEvent(Events h) {
        this.handler = h;
    }

    @Override
    public CompletableFuture<Integer> add(ChannelKey key, String userId) {
        return redis.async().<Long>eval(ADD, ScriptOutputType.INTEGER, new String[] {members(key), nodeMemberships()},
                userId.getBytes(StandardCharsets.UTF_8), entry(key, userId)).thenApply(Long::intValue).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Integer> remove(ChannelKey key, String userId) {
        return redis.async().<Long>eval(REMOVE, ScriptOutputType.INTEGER, new String[] {members(key), nodeMemberships()},
                userId.getBytes(StandardCharsets.UTF_8), entry(key, userId)).thenApply(Long::intValue).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> listen(ChannelKey key) {
        return redis.pubsub().async().subscribe(topic(key)).toCompletableFuture();
    }

    @Override
    public void unlisten(ChannelKey key) {
        redis.pubsub().async().unsubscribe(topic(key));
    }

    @Override
    public void publish(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent) {
        redis.async().publish(topic(key), ChannelEvent.newBuilder().setPush(ByteString.copyFrom(push))
                .setExceptUserId(exceptUserId == null ? "" : exceptUserId).setMemberCount(memberCount)
                .setMemberEvent(memberEvent).build().toByteArray());
    }

    @Override
    public CompletableFuture<List<String>> sample(ChannelKey key, int max) {
        return redis.async().srandmember(members(key), max).thenApply(list -> {
            List<String> out = new ArrayList<>(list.size());
            list.forEach(b -> out.add(new String(b, StandardCharsets.UTF_8)));
            return out;
        }).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Integer> count(ChannelKey key) {
        return redis.async().scard(members(key)).thenApply(Long::intValue).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Boolean> isMember(ChannelKey key, String userId) {
        return redis.async().sismember(members(key), userId.getBytes(StandardCharsets.UTF_8)).toCompletableFuture();
    }

    /**
     * A node died: removes its users from every channel (once, whichever survivor gets there first);
     * completes with the (channel, user) memberships removed, so their member-left events can be sent.
     */
    public CompletableFuture<List<java.util.Map.Entry<ChannelKey, String>>> forgetNode(String deadNode) {
        return redis.async().<List<byte[]>>eval(FORGET, ScriptOutputType.MULTI,
                new String[] {nodeMemberships(deadNode), "parley:nodech-cleanup:" + deadNode},
                deadNode.getBytes(StandardCharsets.UTF_8)).thenApply(entries -> {
                    List<java.util.Map.Entry<ChannelKey, String>> out = new ArrayList<>();
                    for (byte[] e : entries) {
                        String s = new String(e, StandardCharsets.UTF_8);
                        int nul = s.indexOf('\0');
                        out.add(java.util.Map.entry(keyOf(s.substring("parley:ch:".length(), nul)), s.substring(nul + 1)));
                    }
                    return out;
                }).toCompletableFuture();
    }
}
