package io.parley.rtm.internal;

import io.parley.rtm.internal.wire.ClientFrame;
import io.parley.rtm.internal.wire.ErrorCode;
import io.parley.rtm.internal.wire.GetChannelMembers;
import io.parley.rtm.internal.wire.JoinChannel;
import io.parley.rtm.internal.wire.LeaveChannel;
import io.parley.rtm.internal.wire.MessageBody;
import io.parley.rtm.internal.wire.SendChannelMessage;
import io.parley.rtm.internal.wire.ServerFrame;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmStatusCode.ChannelMessageError;
import io.parley.rtm.RtmStatusCode.GetMembersError;
import io.parley.rtm.RtmStatusCode.JoinChannelError;
import io.parley.rtm.RtmStatusCode.LeaveChannelError;
import io.parley.rtm.SendMessageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel handle. Joined state is what the server confirmed; after a reconnect onto a fresh
 * server session the SDK joins again ({@link #rejoin}). Pushes for this channel are dispatched to
 * its listener on the callback executor.
 */
final class RtmChannelImpl extends RtmChannel {
    private static final Logger log = LoggerFactory.getLogger(RtmChannelImpl.class);
    private static final long JOIN_TIMEOUT_MILLIS = 5_000;
    private static final long MESSAGE_TIMEOUT_MILLIS = 10_000;
    private static final long MEMBERS_TIMEOUT_MILLIS = 5_000;
    private static final int NOT_LOGGED_IN = 102;

    private final String id;
    private final RtmChannelListener listener;
    private final ConnectionManager manager;
    private final Executor callbacks;
    private final Runnable onRelease;
    private volatile boolean joined;

    RtmChannelImpl(String id, RtmChannelListener listener, ConnectionManager manager, Executor callbacks,
                   Runnable onRelease) {
        this.id = id;
        this.listener = listener;
        this.manager = manager;
        this.callbacks = callbacks;
        this.onRelease = onRelease;
    }

    @Override
    public void join(ResultCallback<Void> callback) {
        manager.request(ClientFrame.newBuilder().setJoinChannel(JoinChannel.newBuilder().setChannelId(id)), JOIN_TIMEOUT_MILLIS)
                .whenComplete((reply, err) -> {
                    int code = code(reply, err, JoinChannelError.JOIN_CHANNEL_TIMEOUT, JoinChannelError.JOIN_CHANNEL_ERR_FAILURE);
                    if (code == -1) {
                                                switch (reply.getStatus().getCode()) {
                            case INVALID_ARGUMENT:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_INVALID_ARGUMENT;
                                break;
                            case EXCEED_LIMIT:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_EXCEED_LIMIT;
                                break;
                            case ALREADY_JOINED:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_ALREADY_JOINED;
                                break;
                            case TOO_OFTEN:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_TOO_OFTEN;
                                break;
                            case SAME_CHANNEL_TOO_OFTEN:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_JOIN_SAME_CHANNEL_TOO_OFTEN;
                                break;
                            case REJECTED:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_REJECTED; // server policy (app channel cap);
                                break;
                            default:
                                code = JoinChannelError.JOIN_CHANNEL_ERR_FAILURE;
                                break;
                        }
                    }
                    if (code == 0) {
                        joined = true;
                        Callbacks.success(callbacks, callback, null);
                    } else {
                        Callbacks.failure(callbacks, callback, JoinChannelError.class, code);
                    }
                });
    }

    @Override
    public void leave(ResultCallback<Void> callback) {
        manager.request(ClientFrame.newBuilder().setLeaveChannel(LeaveChannel.newBuilder().setChannelId(id)), JOIN_TIMEOUT_MILLIS)
                .whenComplete((reply, err) -> {
                    int code = code(reply, err, LeaveChannelError.LEAVE_CHANNEL_ERR_FAILURE, LeaveChannelError.LEAVE_CHANNEL_ERR_FAILURE);
                    if (code == -1) {
                        code = reply.getStatus().getCode() == ErrorCode.NOT_IN_CHANNEL
                                ? LeaveChannelError.LEAVE_CHANNEL_ERR_NOT_IN_CHANNEL : LeaveChannelError.LEAVE_CHANNEL_ERR_FAILURE;
                    }
                    if (code == 0) {
                        joined = false;
                        Callbacks.success(callbacks, callback, null);
                    } else {
                        Callbacks.failure(callbacks, callback, LeaveChannelError.class, code);
                    }
                });
    }

    @Override
    @Deprecated
    public void sendMessage(RtmMessage message, ResultCallback<Void> callback) {
        sendMessage(message, new SendMessageOptions(), callback);
    }

    @Override
    public void sendMessage(RtmMessage message, SendMessageOptions options, ResultCallback<Void> callback) {
        MessageBody body = PeerMessages.body(message);
        if (body == null) {
            Callbacks.failure(callbacks, callback, ChannelMessageError.class, ChannelMessageError.CHANNEL_MESSAGE_ERR_INVALID_MESSAGE);
            return;
        }
        SendChannelMessage.Builder req = SendChannelMessage.newBuilder().setChannelId(id).setBody(body);
        if (options != null) {
            req.setEnableOfflineMessaging(options.enableOfflineMessaging)
                    .setEnableHistoricalMessaging(options.enableHistoricalMessaging);
        }
        manager.request(ClientFrame.newBuilder().setSendChannelMessage(req), MESSAGE_TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    int code = code(reply, err, ChannelMessageError.CHANNEL_MESSAGE_ERR_TIMEOUT,
                            ChannelMessageError.CHANNEL_MESSAGE_ERR_FAILURE);
                    if (code == -1) {
                                                switch (reply.getStatus().getCode()) {
                            case TOO_OFTEN:
                                code = ChannelMessageError.CHANNEL_MESSAGE_ERR_TOO_OFTEN;
                                break;
                            case INVALID_MESSAGE:
                                code = ChannelMessageError.CHANNEL_MESSAGE_ERR_INVALID_MESSAGE;
                                break;
                            default:
                                code = ChannelMessageError.CHANNEL_MESSAGE_ERR_FAILURE; // incl. not in channel;
                                break;
                        }
                    }
                    if (code == 0) {
                        Callbacks.success(callbacks, callback, null);
                    } else {
                        Callbacks.failure(callbacks, callback, ChannelMessageError.class, code);
                    }
                });
    }

    @Override
    public void getMembers(ResultCallback<List<RtmChannelMember>> callback) {
        manager.request(ClientFrame.newBuilder().setGetChannelMembers(GetChannelMembers.newBuilder().setChannelId(id)),
                MEMBERS_TIMEOUT_MILLIS).whenComplete((reply, err) -> {
                    int code = code(reply, err, GetMembersError.GET_MEMBERS_ERR_TIMEOUT, GetMembersError.GET_MEMBERS_ERR_FAILURE);
                    if (code == -1) {
                                                switch (reply.getStatus().getCode()) {
                            case TOO_OFTEN:
                                code = GetMembersError.GET_MEMBERS_ERR_TOO_OFTEN;
                                break;
                            case NOT_IN_CHANNEL:
                                code = GetMembersError.GET_MEMBERS_ERR_NOT_IN_CHANNEL;
                                break;
                            default:
                                code = GetMembersError.GET_MEMBERS_ERR_FAILURE;
                                break;
                        }
                    }
                    if (code != 0) {
                        Callbacks.failure(callbacks, callback, GetMembersError.class, code);
                        return;
                    }
                    List<RtmChannelMember> out = new ArrayList<>();
                    reply.getChannelMembers().getUserIdsList().forEach(u -> out.add(new RtmChannelMemberImpl(u, id)));
                    Callbacks.success(callbacks, callback, out);
                });
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void release() {
        onRelease.run();
    }

    /** A push for this channel, on an I/O thread. */
    void dispatch(ServerFrame push) {
        if (push.getBodyCase() == ServerFrame.BodyCase.CHANNEL_LEFT) {
            // an operator removed us: RTM 1.x Java has no callback for it; we stop treating the
            // channel as joined (no rejoin after a reconnect; sending gets NOT_IN_CHANNEL from the server)
            joined = false;
            return;
        }
        if (listener == null) {
            return;
        }
        switch (push.getBodyCase()) {
            case CHANNEL_MESSAGE: {
                var m = push.getChannelMessage();
                if (!PeerMessages.isValid(m.getBody())) {
                    log.warn("skipping a message in channel {} from {}: its body breaks the RTM message rules", id,
                            m.getFromUserId());
                    return;
                }
                RtmMessageImpl msg = RtmMessageImpl.received(m.getBody().getTypeValue(), m.getBody().getText(),
                        m.getBody().getRaw().toByteArray(), m.getServerReceivedTs(), false);
                RtmChannelMember from = new RtmChannelMemberImpl(m.getFromUserId(), id);
                callbacks.execute(() -> listener.onMessageReceived(msg, from));
                }
                break;
            case MEMBER_JOINED: {
                RtmChannelMember who = new RtmChannelMemberImpl(push.getMemberJoined().getUserId(), id);
                callbacks.execute(() -> listener.onMemberJoined(who));
                }
                break;
            case MEMBER_LEFT: {
                RtmChannelMember who = new RtmChannelMemberImpl(push.getMemberLeft().getUserId(), id);
                callbacks.execute(() -> listener.onMemberLeft(who));
                }
                break;
            case MEMBER_COUNT: {
                int count = push.getMemberCount().getCount();
                callbacks.execute(() -> listener.onMemberCountUpdated(count));
                }
                break;
            case CHANNEL_ATTRIBUTES_UPDATED: {
                List<RtmChannelAttribute> attrs = ChannelAttributes.fromWire(push.getChannelAttributesUpdated()
                        .getAttributesList());
                callbacks.execute(() -> listener.onAttributesUpdated(attrs));
                }
                break;
            default: {
                // not a channel push
                }
                break;
        }
    }

    /** Reconnected onto a fresh server session: join again if we were in. */
    void rejoin() {
        if (joined) {
            manager.request(ClientFrame.newBuilder().setJoinChannel(JoinChannel.newBuilder().setChannelId(id)), JOIN_TIMEOUT_MILLIS);
        }
    }

    void loggedOut() {
        joined = false;
    }

    /** 0 = OK; the given code for not-logged-in/timeout/other errors; -1 = map the wire code. */
    private static int code(ServerFrame reply, Throwable err, int timeout, int failure) {
        if (err != null) {
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof ConnectionManager.NotConnectedException) {
                return NOT_LOGGED_IN;
            }
            return t instanceof TimeoutException ? timeout : failure;
        }
        ErrorCode c = reply.getStatus().getCode();
        if (c == ErrorCode.OK) {
            return 0;
        }
        return c == ErrorCode.NOT_LOGGED_IN ? NOT_LOGGED_IN : -1;
    }
}
