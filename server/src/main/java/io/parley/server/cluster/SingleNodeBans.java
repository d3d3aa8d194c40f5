package io.parley.server.cluster;

/** {@link ClusterBans} of a node that is the whole cluster: its own ban list is every ban. */
public final class SingleNodeBans implements ClusterBans {
    @Override
    public void inbound(Inbound in) {
    }

    @Override
    public void announce(String appId, String userId, long untilMillis) {
    }
}
