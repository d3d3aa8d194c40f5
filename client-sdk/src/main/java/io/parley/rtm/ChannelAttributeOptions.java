package io.parley.rtm;

/** Whether channel members are told ({@code onAttributesUpdated}) about an attribute change. */
public class ChannelAttributeOptions {
    private boolean enableNotificationToChannelMembers;

    public ChannelAttributeOptions() {
    }

    public ChannelAttributeOptions(boolean enableNotificationToChannelMembers) {
        this.enableNotificationToChannelMembers = enableNotificationToChannelMembers;
    }

    public void setEnableNotificationToChannelMembers(boolean enable) {
        this.enableNotificationToChannelMembers = enable;
    }

    public boolean getEnableNotificationToChannelMembers() {
        return enableNotificationToChannelMembers;
    }

    @Override
    public String toString() {
        return "ChannelAttributeOptions{enableNotificationToChannelMembers=" + enableNotificationToChannelMembers + "}";
    }
}
