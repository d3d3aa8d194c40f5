package io.parley.rtm;

/** A channel attribute with its last updater and update time (ms). */
public class RtmChannelAttribute {
    private String key;
    private String value;
    private String lastUpdateUserId;
    private long lastUpdateTs;

    public RtmChannelAttribute() {
    }

    public RtmChannelAttribute(String key, String value) {
        this.key = key;
        this.value = value;
    }

    public RtmChannelAttribute(String key, String value, String lastUpdateUserId, long lastUpdateTs) {
        this(key, value);
        this.lastUpdateUserId = lastUpdateUserId;
        this.lastUpdateTs = lastUpdateTs;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getKey() {
        return key;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public String getValue() {
        return value;
    }

    public String getLastUpdateUserId() {
        return lastUpdateUserId;
    }

    public long getLastUpdateTs() {
        return lastUpdateTs;
    }

    @Override
    public String toString() {
        return "RtmChannelAttribute{key='" + key + "', value='" + value + "', lastUpdateUserId='" + lastUpdateUserId
                + "', lastUpdateTs=" + lastUpdateTs + "}";
    }
}
