package io.parley.server.cluster;

/** A channel's identity: apps never see each other's channels. */
public record ChannelKey(String appId, String channelId) {
}
