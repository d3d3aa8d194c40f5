package io.parley.rtm;

/** One result of {@link RtmClient#getChannelMemberCount}. Note Agora's spelling {@code getChannelID}. */
public class RtmChannelMemberCount {
    private String channelId;
    private int memberCount;

    public RtmChannelMemberCount() {
    }

    public RtmChannelMemberCount(String channelId, int count) {
        this.channelId = channelId;
        this.memberCount = count;
    }

    public void setChannelID(String channelId) {
        this.channelId = channelId;
    }

    public String getChannelID() {
        return channelId;
    }

    public void setMemberCount(int memberCount) {
        this.memberCount = memberCount;
    }

    public int getMemberCount() {
        return memberCount;
    }

    @Override
    public String toString() {
        return "RtmChannelMemberCount{channelId='" + channelId + "', memberCount=" + memberCount + "}";
    }
}
