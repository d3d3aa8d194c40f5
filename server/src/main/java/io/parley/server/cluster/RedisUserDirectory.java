package io.parley.server.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** {@link UserDirectory} in Redis: {@code parley:user:<app>:<user>} = {@code node|session|u} (u: 1 = unreachable). */
public final class RedisUserDirectory implements UserDirectory {
    private static final String RELEASE = """
            local v = redis.call('GET', KEYS[1])
            if v and string.find(v, ARGV[1], 1, true) then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    private static final String REACHABLE = """
            local v = redis.call('GET', KEYS[1])
            if v and string.find(v, ARGV[1], 1, true) then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
            return 0
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;

    public RedisUserDirectory(RedisConnector connector) {
        this.redis = connector.async();
    }

    private static String key(String appId, String userId) {
        return "parley:user:" + appId + ":" + userId;
    }

    private static byte[] encode(Location l) {
        return (l.nodeId() + "|" + l.sessionId() + "|" + (l.unreachable() ? "1" : "0")).getBytes(StandardCharsets.UTF_8);
    }

    private static Location decode(byte[] v) {
        if (v == null) {
            return null;
        }
        String[] parts = new String(v, StandardCharsets.UTF_8).split("\\|", 3);
        return parts.length == 3 ? new Location(parts[0], parts[1], parts[2].equals("1")) : null;
    }

    /** "|session|": the session id bounded by separators, so one id never matches inside another. */
    private static byte[] sessionMarker(String sessionId) {
        return ("|" + sessionId + "|").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Location> claim(String appId, String userId, Location me) {
        return redis.setGet(key(appId, userId), encode(me), SetArgs.Builder.keepttl())
                .thenApply(RedisUserDirectory::decode).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> release(String appId, String userId, String sessionId) {
        return redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(appId, userId)}, sessionMarker(sessionId))
                .thenApply(x -> (Void) null).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> reachable(String appId, String userId, String sessionId, boolean reachable) {
        return redis.get(key(appId, userId)).thenCompose(v -> {
            Location l = decode(v);
            if (l == null || !l.sessionId().equals(sessionId)) {
                return CompletableFuture.completedFuture(0L);
            }
            return redis.<Long>eval(REACHABLE, ScriptOutputType.INTEGER, new String[] {key(appId, userId)},
                    sessionMarker(sessionId), encode(new Location(l.nodeId(), sessionId, !reachable)));
        }).thenApply(x -> (Void) null).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Location> locate(String appId, String userId) {
        return redis.get(key(appId, userId)).thenApply(RedisUserDirectory::decode).toCompletableFuture();
    }
}
