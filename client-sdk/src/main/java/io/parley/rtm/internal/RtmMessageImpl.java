package io.parley.rtm.internal;

import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmMessageType;

/** Text or raw message. Mutable like Agora's; the SDK copies its content when sending. */
final class RtmMessageImpl extends RtmMessage {
    private String text = "";
    private byte[] raw;
    private int type = RtmMessageType.TEXT;
    private long serverReceivedTs;
    private boolean offline;

    public RtmMessageImpl() {
    }

    public RtmMessageImpl(String text) {
        setText(text);
    }

    public RtmMessageImpl(byte[] raw, String description) {
        setRawMessage(raw, description);
    }

    /** A received message. */
    public static RtmMessageImpl received(int type, String text, byte[] raw, long serverReceivedTs, boolean offline) {
        RtmMessageImpl m = new RtmMessageImpl();
        m.type = type;
        m.text = text;
        m.raw = raw;
        m.serverReceivedTs = serverReceivedTs;
        m.offline = offline;
        return m;
    }

    @Override
    public void setText(String text) {
        this.text = text == null ? "" : text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public void setRawMessage(byte[] rawMessage) {
        this.raw = rawMessage == null ? new byte[0] : rawMessage.clone();
        this.type = RtmMessageType.RAW;
    }

    @Override
    public void setRawMessage(byte[] rawMessage, String description) {
        setRawMessage(rawMessage);
        setText(description);
    }

    @Override
    public byte[] getRawMessage() {
        return raw == null ? new byte[0] : raw.clone();
    }

    @Override
    public int getMessageType() {
        return type;
    }

    @Override
    public long getServerReceivedTs() {
        return serverReceivedTs;
    }

    @Override
    public boolean isOfflineMessage() {
        return offline;
    }

    @Override
    public String toString() {
        return "RtmMessage{type=" + type + ", text='" + text + "', rawBytes=" + (raw == null ? 0 : raw.length)
                + ", serverReceivedTs=" + serverReceivedTs + ", offline=" + offline + "}";
    }
}
