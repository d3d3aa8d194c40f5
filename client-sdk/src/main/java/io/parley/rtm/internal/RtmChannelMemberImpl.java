package io.parley.rtm.internal;

import io.parley.rtm.RtmChannelMember;

/** (userId, channelId) of a channel member. */
final class RtmChannelMemberImpl extends RtmChannelMember {
    private final String userId;
    private final String channelId;

    RtmChannelMemberImpl(String userId, String channelId) {
        this.userId = userId;
        this.channelId = channelId;
    }

    @Override
    public String getUserId() {
        return userId;
    }

    @Override
    public String getChannelId() {
        return channelId;
    }

    @Override
    public String toString() {
        return "RtmChannelMember{userId='" + userId + "', channelId='" + channelId + "'}";
    }
}
