package io.parley.rtm;

/**
 * A text or raw peer/channel message. Create with {@link RtmClient#createMessage()} and its
 * overloads. Size limit 32 KB: UTF-8 text, or raw bytes plus description together.
 */
public abstract class RtmMessage {
    public abstract void setText(String text);

    /** The text body; for RAW messages, the description. */
    public abstract String getText();

    public abstract void setRawMessage(byte[] rawMessage);

    public abstract void setRawMessage(byte[] rawMessage, String description);

    public abstract byte[] getRawMessage();

    /** An {@link RtmMessageType} constant. */
    public abstract int getMessageType();

    /** Server receive time in ms since the epoch (set on received messages). */
    public abstract long getServerReceivedTs();

    /** True when delivered from the server's offline store. */
    public abstract boolean isOfflineMessage();
}
