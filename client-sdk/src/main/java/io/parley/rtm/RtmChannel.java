package io.parley.rtm;

import java.util.List;

/** A channel handle from {@link RtmClient#createChannel}. Creating it does not join. */
public abstract class RtmChannel {
    /** Join (timeout 5 s, {@link RtmStatusCode.JoinChannelError}). */
    public abstract void join(ResultCallback<Void> callback);

    /** Leave ({@link RtmStatusCode.LeaveChannelError}); callback may be null. */
    public abstract void leave(ResultCallback<Void> callback);

    /** @deprecated use {@link #sendMessage(RtmMessage, SendMessageOptions, ResultCallback)} */
    @Deprecated
    public abstract void sendMessage(RtmMessage message, ResultCallback<Void> callback);

    /** Channel message; success once the server accepted it ({@link RtmStatusCode.ChannelMessageError}). */
    public abstract void sendMessage(RtmMessage message, SendMessageOptions options, ResultCallback<Void> callback);

    /** Members including the caller; a uniform random 512 when larger. */
    public abstract void getMembers(ResultCallback<List<RtmChannelMember>> callback);

    public abstract String getId();

    /** Releases the handle (call {@link #leave} first). */
    public abstract void release();
}
