package io.parley.server.session;

/** Identity of a user: apps never see each other's users. */
public record SessionKey(String appId, String userId) {
}
