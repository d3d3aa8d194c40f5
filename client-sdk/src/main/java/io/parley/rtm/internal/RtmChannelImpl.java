package io.parley.rtm.internal;

import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmStatusCode.ChannelMessageError;
import io.parley.rtm.RtmStatusCode.GetMembersError;
import io.parley.rtm.RtmStatusCode.JoinChannelError;
import io.parley.rtm.RtmStatusCode.LeaveChannelError;
import io.parley.rtm.SendMessageOptions;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * A channel handle. The handle registry (same id → same handle, 20-handle cap, release) works
 * now; channel operations answer their group's FAILURE code until the channels feature lands
 * (USER_NOT_LOGGED_IN when not logged in).
 */
final class RtmChannelImpl extends RtmChannel {
    private final String id;
    private final RtmChannelListener listener;
    private final Executor callbacks;
    private final BooleanSupplier loggedIn;
    private final Runnable onRelease;

    RtmChannelImpl(String id, RtmChannelListener listener, Executor callbacks, BooleanSupplier loggedIn,
                   Runnable onRelease) {
        this.id = id;
        this.listener = listener;
        this.callbacks = callbacks;
        this.loggedIn = loggedIn;
        this.onRelease = onRelease;
    }

    RtmChannelListener listener() {
        return listener;
    }

    @Override
    public void join(ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, JoinChannelError.class, loggedIn.getAsBoolean()
                ? JoinChannelError.JOIN_CHANNEL_ERR_FAILURE : JoinChannelError.JOIN_CHANNEL_ERR_USER_NOT_LOGGED_IN);
    }

    @Override
    public void leave(ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, LeaveChannelError.class, loggedIn.getAsBoolean()
                ? LeaveChannelError.LEAVE_CHANNEL_ERR_FAILURE : LeaveChannelError.LEAVE_CHANNEL_ERR_USER_NOT_LOGGED_IN);
    }

    @Override
    @Deprecated
    public void sendMessage(RtmMessage message, ResultCallback<Void> callback) {
        sendMessage(message, new SendMessageOptions(), callback);
    }

    @Override
    public void sendMessage(RtmMessage message, SendMessageOptions options, ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, ChannelMessageError.class, loggedIn.getAsBoolean()
                ? ChannelMessageError.CHANNEL_MESSAGE_ERR_FAILURE : ChannelMessageError.CHANNEL_MESSAGE_ERR_USER_NOT_LOGGED_IN);
    }

    @Override
    public void getMembers(ResultCallback<List<RtmChannelMember>> callback) {
        Callbacks.failure(callbacks, callback, GetMembersError.class, loggedIn.getAsBoolean()
                ? GetMembersError.GET_MEMBERS_ERR_FAILURE : GetMembersError.GET_MEMBERS_ERR_USER_NOT_LOGGED_IN);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void release() {
        onRelease.run();
    }
}
