package io.parley.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.protocol.v1.Attribute;
import io.parley.protocol.v1.UserAttributes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * User attributes readable from every node: the owning node writes the session's whole attribute
 * set to {@code parley:uattr:<app>:<user>} (tagged with its session id) after each change; readers
 * accept it only if that session is still the user's owner in the directory.
 */
public final class RedisUserAttributes implements ClusterUserAttributes {
    private static final String CLEAR = """
            local v = redis.call('GET', KEYS[1])
            if v and string.sub(v, 1, #ARGV[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final UserDirectory directory;
    private final Backplane backplane;

    public RedisUserAttributes(RedisConnector connector, UserDirectory directory, Backplane backplane) {
        this.redis = connector.async();
        this.directory = directory;
        this.backplane = backplane;
    }

    private static String key(String appId, String userId) {
        return "parley:uattr:" + appId + ":" + userId;
    }

    /** value = sessionId + '\n' + UserAttributes bytes */
    @Override
    public void saved(String appId, String userId, String sessionId, Map<String, String> attributes) {
        UserAttributes.Builder b = UserAttributes.newBuilder().setUserId(userId);
        attributes.forEach((k, v) -> b.addAttributes(Attribute.newBuilder().setKey(k).setValue(v)));
        byte[] prefix = (sessionId + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = b.build().toByteArray();
        byte[] value = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        System.arraycopy(body, 0, value, prefix.length, body.length);
        redis.set(key(appId, userId), value);
    }

    @Override
    public void cleared(String appId, String userId, String sessionId) {
        redis.eval(CLEAR, ScriptOutputType.INTEGER, new String[] {key(appId, userId)},
                (sessionId + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<Map<String, String>> read(String appId, String userId) {
        return directory.locate(appId, userId).thenCompose(owner -> {
            if (owner == null) {
                return CompletableFuture.completedFuture((Map<String, String>) null);
            }
            return backplane.checkAlive(owner.nodeId()).thenCompose(alive -> {
                if (!alive) {
                    return CompletableFuture.completedFuture((Map<String, String>) null);
                }
                return redis.get(key(appId, userId)).thenApply(v -> decode(v, owner.sessionId())).toCompletableFuture();
            });
        });
    }

    private static Map<String, String> decode(byte[] v, String ownerSession) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out; // online without attributes
        }
        int nl = 0;
        while (nl < v.length && v[nl] != '\n') {
            nl++;
        }
        if (!new String(v, 0, nl, StandardCharsets.UTF_8).equals(ownerSession)) {
            return out; // left over from an earlier session of the user
        }
        try {
            UserAttributes a = UserAttributes.parseFrom(java.util.Arrays.copyOfRange(v, nl + 1, v.length));
            a.getAttributesList().forEach(x -> out.put(x.getKey(), x.getValue()));
            return out;
        } catch (InvalidProtocolBufferException e) {
            return out;
        }
    }
}
