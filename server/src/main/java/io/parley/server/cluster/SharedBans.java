package io.parley.server.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Operator bans kept where every node can read them: nodes that start later, and nodes that
 * missed an announcement during an outage, learn the bans in force from here. {@link RedisBans}
 * in cluster mode; {@link LocalBans} is the in-memory reference (one contract test runs on both).
 * Every future fails when the store could not be reached.
 */
public interface SharedBans {
    /** Keeps a ban until {@code untilMillis} (a ban that has ended already is not kept). */
    CompletableFuture<Void> save(String appId, String userId, long untilMillis);

    /** Forgets the user's ban. */
    CompletableFuture<Void> delete(String appId, String userId);

    /** Every ban in force now. */
    CompletableFuture<List<ClusterBans.Banned>> all();

    /**
     * Writes back bans a store lost (it restarted empty): each is kept unless the store holds a
     * later end for the same user already.
     */
    CompletableFuture<Void> restore(List<ClusterBans.Banned> bans);
}
