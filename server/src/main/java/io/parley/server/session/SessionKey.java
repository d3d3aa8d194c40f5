package io.parley.server.session;

/**
 * Identity of a user: apps never see each other's users. Looked up for every peer message, so
 * equals and hashCode are written out (a record's generated ones go through method handles that
 * the JIT did not fold on the hot path).
 */
public record SessionKey(String appId, String userId) {
    @Override
    public boolean equals(Object o) {
        return o instanceof SessionKey k && userId.equals(k.userId) && appId.equals(k.appId);
    }

    @Override
    public int hashCode() {
        return 31 * appId.hashCode() + userId.hashCode();
    }
}
