package io.parley.server.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.ScriptOutputType;
import io.parley.protocol.cluster.ChannelEvent;
import io.parley.server.cluster.ChannelKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedChannels} on Redis: members in a hash {@code parley:chm:<app>:<channel>} of user → the
 * node the member joined on, events on the topic {@code parley:chan:<app>:<channel>}. Each node also
 * records its memberships in {@code parley:nodech:{<node>}} (hash-tagged) so that the survivors can remove the
 * members of a node that died ({@link #forgetNode}); a member is removed only while the hash still
 * names the dead node, so a user who meanwhile joined again on another node stays. Every command
 * touches one hash slot, so this runs on a Redis Cluster as on a single Redis.
 */
public final class RedisChannels implements SharedChannels {
    private static final Logger log = LoggerFactory.getLogger(RedisChannels.class);
    private static final String TOPIC = "parley:chan:";
    private static final String MEMBERS = "parley:chm:";
    private static final String ADD = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('HLEN', KEYS[1])
            """;
    /** Removes the member only if it joined on this node (a newer join elsewhere stays). */
    private static final String REMOVE = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return redis.call('HLEN', KEYS[1])
            """;
    /** Removes a dead node's member unless the user joined again elsewhere since; 1 if removed. */
    private static final String FORGET_MEMBER = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 0
            """;
    /** Once per dead node (whichever survivor gets there first): its membership records. */
    private static final String CLAIM_DEAD = """
            if redis.call('SET', KEYS[2], '1', 'NX', 'EX', 60) == false then return {} end
            return redis.call('SMEMBERS', KEYS[1])
            """;

    private final RedisConnector redis;
    private final String nodeId;
    private final byte[] nodeBytes;
    private volatile Listener handler = (k, p, e, c, m) -> { };

    public RedisChannels(RedisConnector redis, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.nodeBytes = nodeId.getBytes(StandardCharsets.UTF_8);
        redis.topics().listen((channel, message) -> {
            if (!channel.startsWith(TOPIC)) {
                return;
            }
            ChannelKey key = keyOf(channel.substring(TOPIC.length()));
            try {
                ChannelEvent e = ChannelEvent.parseFrom(message);
                if (e.getFromNode().equals(nodeId)) {
                    return; // this node's own: its members were served when it was published
                }
                handler.event(key, e.getPush().toByteArray(), e.getExceptUserId(), e.getMemberCount(), e.getMemberEvent());
            } catch (InvalidProtocolBufferException ex) {
                log.warn("dropping a malformed channel event on {}", channel);
            }
        });
    }

    private static String members(ChannelKey k) {
        return MEMBERS + k.appId() + ":" + k.channelId();
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

    /** Tagged by node, so the claim script's two keys share a slot. */
    private static String nodeMemberships(String node) {
        return "parley:nodech:{" + node + "}";
    }

    private static String cleanupClaim(String node) {
        return "parley:nodech-cleanup:{" + node + "}";
    }

    private static byte[] entry(ChannelKey k, String userId) {
        return (members(k) + "\0" + userId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void listener(Listener h) {
        this.handler = h;
    }

    /** The node's own record is sent first: a crash in between leaves a record of nothing rather than an untracked member. */
    @Override
    public CompletableFuture<Integer> add(ChannelKey key, String userId) {
        redis.async().sadd(nodeMemberships(), entry(key, userId));
        return redis.async().<Long>eval(ADD, ScriptOutputType.INTEGER, new String[] {members(key)},
                userId.getBytes(StandardCharsets.UTF_8), nodeBytes).thenApply(Long::intValue).toCompletableFuture();
    }

    /** The member goes first, the node's record after its removal, for the same reason. */
    @Override
    public CompletableFuture<Integer> remove(ChannelKey key, String userId) {
        CompletableFuture<Integer> count = redis.async().<Long>eval(REMOVE, ScriptOutputType.INTEGER,
                new String[] {members(key)}, userId.getBytes(StandardCharsets.UTF_8), nodeBytes)
                .thenApply(Long::intValue).toCompletableFuture();
        return count.thenCompose(n -> redis.async().srem(nodeMemberships(), entry(key, userId))
                .thenApply(x -> n).exceptionally(e -> n));
    }

    @Override
    public CompletableFuture<Void> listen(ChannelKey key) {
        return redis.topics().subscribe(topic(key));
    }

    @Override
    public void unlisten(ChannelKey key) {
        redis.topics().unsubscribe(topic(key));
    }

    @Override
    public void publish(ChannelKey key, byte[] push, String exceptUserId, int memberCount, boolean memberEvent) {
        redis.topics().publish(topic(key), ChannelEvent.newBuilder().setPush(ByteString.copyFrom(push))
                .setExceptUserId(exceptUserId == null ? "" : exceptUserId).setMemberCount(memberCount)
                .setMemberEvent(memberEvent).setFromNode(nodeId).build().toByteArray());
    }

    @Override
    public CompletableFuture<List<String>> sample(ChannelKey key, int max) {
        return redis.async().hrandfield(members(key), max).thenApply(list -> (List<String>) new ArrayList<>(list))
                .toCompletableFuture();
    }

    @Override
    public CompletableFuture<Integer> count(ChannelKey key) {
        return redis.async().hlen(members(key)).thenApply(Long::intValue).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Boolean> isMember(ChannelKey key, String userId) {
        return redis.async().hexists(members(key), userId).toCompletableFuture();
    }

    /**
     * A node died: removes its users from every channel (once, whichever survivor gets there first);
     * completes with the (channel, user) memberships removed, so their member-left events can be sent.
     */
    public CompletableFuture<List<java.util.Map.Entry<ChannelKey, String>>> forgetNode(String deadNode) {
        byte[] dead = deadNode.getBytes(StandardCharsets.UTF_8);
        return redis.async().<List<byte[]>>eval(CLAIM_DEAD, ScriptOutputType.MULTI,
                new String[] {nodeMemberships(deadNode), cleanupClaim(deadNode)}).toCompletableFuture()
                .thenCompose(entries -> {
                    List<java.util.Map.Entry<ChannelKey, String>> candidates = new ArrayList<>();
                    List<CompletableFuture<Long>> removals = new ArrayList<>();
                    for (byte[] e : entries) {
                        String s = new String(e, StandardCharsets.UTF_8);
                        int nul = s.indexOf('\0');
                        ChannelKey key = keyOf(s.substring(MEMBERS.length(), nul));
                        String user = s.substring(nul + 1);
                        candidates.add(java.util.Map.entry(key, user));
                        removals.add(redis.async().<Long>eval(FORGET_MEMBER, ScriptOutputType.INTEGER,
                                new String[] {members(key)}, user.getBytes(StandardCharsets.UTF_8), dead)
                                .toCompletableFuture());
                    }
                    return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).thenCompose(x -> {
                        List<java.util.Map.Entry<ChannelKey, String>> removed = new ArrayList<>();
                        for (int i = 0; i < candidates.size(); i++) {
                            if (removals.get(i).join() > 0) {
                                removed.add(candidates.get(i));
                            }
                        }
                        return redis.async().del(nodeMemberships(deadNode)).thenApply(n -> removed);
                    });
                });
    }
}
