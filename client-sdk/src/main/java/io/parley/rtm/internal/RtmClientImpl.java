package io.parley.rtm.internal;

import io.parley.protocol.Identifiers;
import io.parley.rtm.ChannelAttributeOptions;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmAttribute;
import io.parley.rtm.RtmCallManager;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMemberCount;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmFileMessage;
import io.parley.rtm.RtmImageMessage;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmRequestId;
import io.parley.rtm.RtmStatusCode.CancelMediaError;
import io.parley.rtm.RtmStatusCode.DownloadMediaError;
import io.parley.rtm.RtmStatusCode.LoginError;
import io.parley.rtm.RtmStatusCode.UploadMediaError;
import io.parley.rtm.SendMessageOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * {@link RtmClient} implementation: a thin adapter from the callback API to the
 * {@link ConnectionManager}. Operations of features that have not landed yet answer their
 * group's FAILURE code (USER_NOT_LOGGED_IN when not logged in).
 */
final class RtmClientImpl extends RtmClient {
    static final int MAX_CHANNEL_HANDLES = 20;

    private final ConnectionManager manager;
    private final Executor callbacks;
    private final Runnable onRelease;
    private final Map<String, RtmChannelImpl> channels = new LinkedHashMap<>();
    private final RtmCallManagerImpl callManager;
    private final PeerMessages peerMessages;
    private final Presence presence;
    private final UserAttributes userAttributes;
    private final ChannelAttributes channelAttributes;
    private volatile boolean released;

    RtmClientImpl(ConnectionManager manager, Executor callbacks, Runnable onRelease, PeerMessages peerMessages,
                  Presence presence, UserAttributes userAttributes) {
        this.manager = manager;
        this.callbacks = callbacks;
        this.onRelease = onRelease;
        this.peerMessages = peerMessages;
        this.presence = presence;
        this.userAttributes = userAttributes;
        this.channelAttributes = new ChannelAttributes(manager, callbacks);
        this.callManager = new RtmCallManagerImpl(manager, callbacks, () -> released);
        manager.setEvents(new SessionEvents() {
            @Override
            public void onPush(io.parley.rtm.internal.wire.ServerFrame push) {
                switch (push.getBodyCase()) {
                    case PEER_MESSAGE:
                        peerMessages.received(push.getPeerMessage());
                        break;
                    case PEERS_STATUS_CHANGED:
                        presence.changed(push);
                        break;
                    case CHANNEL_MESSAGE:
                        channel(push.getChannelMessage().getChannelId(), push);
                        break;
                    case MEMBER_JOINED:
                        channel(push.getMemberJoined().getChannelId(), push);
                        break;
                    case MEMBER_LEFT:
                        channel(push.getMemberLeft().getChannelId(), push);
                        break;
                    case MEMBER_COUNT:
                        channel(push.getMemberCount().getChannelId(), push);
                        break;
                    case CHANNEL_ATTRIBUTES_UPDATED:
                        channel(push.getChannelAttributesUpdated().getChannelId(), push);
                        break;
                    case CHANNEL_LEFT:
                        channel(push.getChannelLeft().getChannelId(), push);
                        break;
                    case INVITATION_EVENT:
                        callManager.event(push);
                        break;
                    default: {
                        // pushes of features not landed yet
                        }
                        break;
                }
            }

            @Override
            public void onReconnected(boolean resumed) {
                if (!resumed) {
                    // a fresh server session: restore what the old one held
                    peerMessages.reset();
                    presence.restore();
                    userAttributes.restore();
                    liveChannels().forEach(RtmChannelImpl::rejoin);
                }
            }

            @Override
            public void onSessionClosed() {
                peerMessages.reset();
                presence.clear();
                userAttributes.forget();
                liveChannels().forEach(RtmChannelImpl::loggedOut);
            }
        });
    }

    private synchronized java.util.List<RtmChannelImpl> liveChannels() {
        return new java.util.ArrayList<>(channels.values());
    }

    private void channel(String channelId, io.parley.rtm.internal.wire.ServerFrame push) {
        RtmChannelImpl c;
        synchronized (this) {
            c = channels.get(channelId);
        }
        if (c != null) {
            c.dispatch(push);
        }
    }

    private boolean loggedIn() {
        return manager.state() == ConnState.CONNECTED;
    }

    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            channels.clear();
        }
        if (manager.state() != ConnState.DISCONNECTED) {
            manager.logout(null);
        }
        onRelease.run();
    }

    @Override
    public void login(String token, String userId, ResultCallback<Void> callback) {
        if (released) {
            Callbacks.failure(callbacks, callback, LoginError.class, LoginError.LOGIN_ERR_UNKNOWN);
            return;
        }
        manager.login(token, userId, callback);
    }

    @Override
    public void logout(ResultCallback<Void> callback) {
        manager.logout(callback);
    }

    @Override
    public void renewToken(String token, ResultCallback<Void> callback) {
        manager.renewToken(token, callback);
    }

    @Override
    public RtmMessage createMessage() {
        return new RtmMessageImpl();
    }

    @Override
    public RtmMessage createMessage(String text) {
        return new RtmMessageImpl(text);
    }

    @Override
    public RtmMessage createMessage(byte[] rawMessage) {
        return new RtmMessageImpl(rawMessage, "");
    }

    @Override
    public RtmMessage createMessage(byte[] rawMessage, String description) {
        return new RtmMessageImpl(rawMessage, description);
    }

    /** Media messages were sunset in RTM 1.5 and are not supported: returns null. */
    @Override
    @Deprecated
    public RtmFileMessage createFileMessageByMediaId(String mediaId) {
        return null;
    }

    /** Media messages were sunset in RTM 1.5 and are not supported: returns null. */
    @Override
    @Deprecated
    public RtmImageMessage createImageMessageByMediaId(String mediaId) {
        return null;
    }

    @Override
    @Deprecated
    public void createFileMessageByUploading(String filePath, RtmRequestId requestId,
                                             ResultCallback<RtmFileMessage> callback) {
        Callbacks.failure(callbacks, callback, UploadMediaError.class, UploadMediaError.UPLOAD_MEDIA_ERR_FAILURE);
    }

    @Override
    @Deprecated
    public void createImageMessageByUploading(String filePath, RtmRequestId requestId,
                                              ResultCallback<RtmImageMessage> callback) {
        Callbacks.failure(callbacks, callback, UploadMediaError.class, UploadMediaError.UPLOAD_MEDIA_ERR_FAILURE);
    }

    @Override
    @Deprecated
    public void downloadMediaToMemory(String mediaId, RtmRequestId requestId, ResultCallback<byte[]> callback) {
        Callbacks.failure(callbacks, callback, DownloadMediaError.class, DownloadMediaError.DOWNLOAD_MEDIA_ERR_FAILURE);
    }

    @Override
    @Deprecated
    public void downloadMediaToFile(String mediaId, String filePath, RtmRequestId requestId,
                                    ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, DownloadMediaError.class, DownloadMediaError.DOWNLOAD_MEDIA_ERR_FAILURE);
    }

    @Override
    @Deprecated
    public void cancelMediaUpload(RtmRequestId requestId, ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, CancelMediaError.class, CancelMediaError.CANCEL_MEDIA_ERR_FAILURE);
    }

    @Override
    @Deprecated
    public void cancelMediaDownload(RtmRequestId requestId, ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, CancelMediaError.class, CancelMediaError.CANCEL_MEDIA_ERR_FAILURE);
    }

    @Override
    @Deprecated
    public void sendMessageToPeer(String peerId, RtmMessage message, ResultCallback<Void> callback) {
        sendMessageToPeer(peerId, message, new SendMessageOptions(), callback);
    }

    @Override
    public void sendMessageToPeer(String peerId, RtmMessage message, SendMessageOptions options,
                                  ResultCallback<Void> callback) {
        peerMessages.send(peerId, message, options, callback);
    }

    @Override
    public synchronized RtmChannel createChannel(String channelId, RtmChannelListener listener) {
        if (released) {
            throw new RuntimeException("RtmClient instance is released!");
        }
        RtmChannelImpl live = channels.get(channelId);
        if (live != null) {
            return live;
        }
        if (!Identifiers.isValidChannelId(channelId) || channels.size() >= MAX_CHANNEL_HANDLES) {
            throw new RuntimeException("not allowed to create the channel or size over limit!");
        }
        RtmChannelImpl channel = new RtmChannelImpl(channelId, listener, manager, callbacks,
                () -> releaseChannel(channelId));
        channels.put(channelId, channel);
        return channel;
    }

    private synchronized void releaseChannel(String channelId) {
        channels.remove(channelId);
    }

    @Override
    public RtmCallManager getRtmCallManager() {
        return callManager;
    }

    @Override
    public void queryPeersOnlineStatus(Set<String> peerIds, ResultCallback<Map<String, Boolean>> callback) {
        presence.query(peerIds, callback);
    }

    @Override
    public void subscribePeersOnlineStatus(Set<String> peerIds, ResultCallback<Void> callback) {
        presence.subscribe(peerIds, callback);
    }

    @Override
    public void unsubscribePeersOnlineStatus(Set<String> peerIds, ResultCallback<Void> callback) {
        presence.unsubscribe(peerIds, callback);
    }

    @Override
    public void queryPeersBySubscriptionOption(Integer option, ResultCallback<Set<String>> callback) {
        presence.queryBySubscriptionOption(option, callback);
    }

    @Override
    public void setLocalUserAttributes(List<RtmAttribute> attributes, ResultCallback<Void> callback) {
        userAttributes.set(attributes, callback);
    }

    @Override
    public void addOrUpdateLocalUserAttributes(List<RtmAttribute> attributes, ResultCallback<Void> callback) {
        userAttributes.addOrUpdate(attributes, callback);
    }

    @Override
    public void deleteLocalUserAttributesByKeys(List<String> attributeKeys, ResultCallback<Void> callback) {
        userAttributes.delete(attributeKeys, callback);
    }

    @Override
    public void clearLocalUserAttributes(ResultCallback<Void> callback) {
        userAttributes.clear(callback);
    }

    @Override
    public void getUserAttributes(String userId, ResultCallback<List<RtmAttribute>> callback) {
        userAttributes.get(userId, Collections.emptyList(), false, callback);
    }

    @Override
    public void getUserAttributesByKeys(String userId, List<String> attributeKeys,
                                        ResultCallback<List<RtmAttribute>> callback) {
        userAttributes.get(userId, attributeKeys, true, callback);
    }

    @Override
    public void setChannelAttributes(String channelId, List<RtmChannelAttribute> attributes,
                                     ChannelAttributeOptions options, ResultCallback<Void> callback) {
        channelAttributes.write(ChannelAttributes.Write.SET, channelId, attributes, null, options, callback);
    }

    @Override
    public void addOrUpdateChannelAttributes(String channelId, List<RtmChannelAttribute> attributes,
                                             ChannelAttributeOptions options, ResultCallback<Void> callback) {
        channelAttributes.write(ChannelAttributes.Write.ADD_OR_UPDATE, channelId, attributes, null, options, callback);
    }

    @Override
    public void deleteChannelAttributesByKeys(String channelId, List<String> attributeKeys,
                                              ChannelAttributeOptions options, ResultCallback<Void> callback) {
        channelAttributes.write(ChannelAttributes.Write.DELETE, channelId, null, attributeKeys, options, callback);
    }

    @Override
    public void clearChannelAttributes(String channelId, ChannelAttributeOptions options,
                                       ResultCallback<Void> callback) {
        channelAttributes.write(ChannelAttributes.Write.CLEAR, channelId, null, null, options, callback);
    }

    @Override
    public void getChannelAttributes(String channelId, ResultCallback<List<RtmChannelAttribute>> callback) {
        channelAttributes.read(channelId, Collections.emptyList(), false, callback);
    }

    @Override
    public void getChannelAttributesByKeys(String channelId, List<String> attributeKeys,
                                           ResultCallback<List<RtmChannelAttribute>> callback) {
        channelAttributes.read(channelId, attributeKeys, true, callback);
    }

    @Override
    public void getChannelMemberCount(List<String> channelIds, ResultCallback<List<RtmChannelMemberCount>> callback) {
        channelAttributes.memberCounts(channelIds, callback);
    }

    @Override
    public int setParameters(String parameters) {
        return 0;
    }

    @Override
    public int setLogFile(String filePath) {
        return 0;
    }

    @Override
    public int setLogFilter(int filter) {
        return 0;
    }

    @Override
    public int setLogFileSize(int fileSizeInKBytes) {
        return fileSizeInKBytes >= 512 && fileSizeInKBytes <= 1_048_576 ? 0 : -2;
    }


}
