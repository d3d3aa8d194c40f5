package io.parley.rtm;

import io.parley.rtm.internal.ClientFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point, with the RTM 1.x API. {@link #createInstance(String, RtmClientListener)} connects
 * to the servers named by the {@code PARLEY_SERVER} environment variable or the
 * {@code parley.server} system property ({@code host:port}, a comma-separated list tried in
 * order; default {@code 127.0.0.1:9600}). Instances made this way share one I/O thread group and
 * one callback pool. {@link #createInstance(String, RtmClientListener, RtmClientConfig)} takes
 * explicit endpoints, timeouts, I/O group and callback executor.
 *
 * <p>All callbacks run on the callback executor, never on an I/O thread and never inside the
 * calling method.
 */
public abstract class RtmClient {
    public static final int LOG_FILTER_OFF = 0;
    public static final int LOG_FILTER_INFO = 0x0f;
    public static final int LOG_FILTER_WARNING = 0x0e;
    public static final int LOG_FILTER_ERROR = 0x0c;
    public static final int LOG_FILTER_CRITICAL = 0x08;
    /** Legacy Signaling end-call interop prefix; such text messages pass through unchanged. */
    public static final String AGORA_RTM_END_CALL_PREFIX = "AgoraRTMLegacyEndcallCompatibleMessagePrefix";

    public static RtmClient createInstance(String appId, RtmClientListener listener) throws Exception {
        return createInstance(appId, listener, RtmClientConfig.fromEnvironment());
    }

    /**
     * The Android SDK's factory, so Android code ports by changing imports. {@code context} (an
     * {@code android.content.Context}) must not be null, as in Agora's SDK, and is not used. The
     * servers are those of {@link #createInstance(String, RtmClientListener)}: on Android set the
     * {@code parley.server} system property first, or use
     * {@link #createInstance(String, RtmClientListener, RtmClientConfig)}.
     */
    public static RtmClient createInstance(Object context, String appId, RtmClientListener listener)
            throws Exception {
        if (context == null) {
            throw new IllegalArgumentException("empty context or appId!");
        }
        return createInstance(appId, listener);
    }

    public static RtmClient createInstance(String appId, RtmClientListener listener, RtmClientConfig config)
            throws Exception {
        if (appId == null || appId.isEmpty() || listener == null) {
            throw new IllegalArgumentException("empty context or appId!");
        }
        return ClientFactory.create(appId, listener, config);
    }

    public static String getSdkVersion() {
        return ClientFactory.SDK_VERSION;
    }

    /** Accepted for compatibility (area codes mean nothing to a self-hosted server). */
    public static SET_RTM_SERVICE_CONTEXT_ERR_CODE setRtmServiceContext(RtmServiceContext config) {
        return ClientFactory.liveInstances() == 0 ? SET_RTM_SERVICE_CONTEXT_ERR_CODE.SET_RTM_SERVICE_CONTEXT_ERR_OK
                : SET_RTM_SERVICE_CONTEXT_ERR_CODE.SET_RTM_SERVICE_CONTEXT_ERR_FAILURE;
    }

    /** Releases the instance: logs out if needed, closes channels and the call manager. */
    public abstract void release();

    public abstract void login(String token, String userId, ResultCallback<Void> callback);

    public abstract void logout(ResultCallback<Void> callback);

    public abstract void renewToken(String token, ResultCallback<Void> callback);

    public abstract RtmMessage createMessage();

    public abstract RtmMessage createMessage(String text);

    public abstract RtmMessage createMessage(byte[] rawMessage);

    public abstract RtmMessage createMessage(byte[] rawMessage, String description);

    @Deprecated
    public abstract RtmFileMessage createFileMessageByMediaId(String mediaId);

    @Deprecated
    public abstract RtmImageMessage createImageMessageByMediaId(String mediaId);

    @Deprecated
    public abstract void createFileMessageByUploading(String filePath, RtmRequestId requestId,
                                                      ResultCallback<RtmFileMessage> callback);

    @Deprecated
    public abstract void createImageMessageByUploading(String filePath, RtmRequestId requestId,
                                                       ResultCallback<RtmImageMessage> callback);

    @Deprecated
    public abstract void downloadMediaToMemory(String mediaId, RtmRequestId requestId, ResultCallback<byte[]> callback);

    @Deprecated
    public abstract void downloadMediaToFile(String mediaId, String filePath, RtmRequestId requestId,
                                             ResultCallback<Void> callback);

    @Deprecated
    public abstract void cancelMediaUpload(RtmRequestId requestId, ResultCallback<Void> callback);

    @Deprecated
    public abstract void cancelMediaDownload(RtmRequestId requestId, ResultCallback<Void> callback);

    /** @deprecated since RTM 1.1; use the overload with {@link SendMessageOptions}. */
    @Deprecated
    public abstract void sendMessageToPeer(String peerId, RtmMessage message, ResultCallback<Void> callback);

    /** Success only once the peer's SDK acknowledged receipt; every other outcome via onFailure. */
    public abstract void sendMessageToPeer(String peerId, RtmMessage message, SendMessageOptions options,
                                           ResultCallback<Void> callback);

    /**
     * A channel handle; the same id returns the live handle.
     *
     * @throws RuntimeException if the client is released, the id is invalid or 20 handles exist
     */
    public abstract RtmChannel createChannel(String channelId, RtmChannelListener listener);

    public abstract RtmCallManager getRtmCallManager();

    public abstract void queryPeersOnlineStatus(Set<String> peerIds, ResultCallback<Map<String, Boolean>> callback);

    public abstract void subscribePeersOnlineStatus(Set<String> peerIds, ResultCallback<Void> callback);

    public abstract void unsubscribePeersOnlineStatus(Set<String> peerIds, ResultCallback<Void> callback);

    public abstract void queryPeersBySubscriptionOption(Integer option, ResultCallback<Set<String>> callback);

    public abstract void setLocalUserAttributes(List<RtmAttribute> attributes, ResultCallback<Void> callback);

    public abstract void addOrUpdateLocalUserAttributes(List<RtmAttribute> attributes, ResultCallback<Void> callback);

    public abstract void deleteLocalUserAttributesByKeys(List<String> attributeKeys, ResultCallback<Void> callback);

    public abstract void clearLocalUserAttributes(ResultCallback<Void> callback);

    public abstract void getUserAttributes(String userId, ResultCallback<List<RtmAttribute>> callback);

    public abstract void getUserAttributesByKeys(String userId, List<String> attributeKeys,
                                                 ResultCallback<List<RtmAttribute>> callback);

    public abstract void setChannelAttributes(String channelId, List<RtmChannelAttribute> attributes,
                                              ChannelAttributeOptions options, ResultCallback<Void> callback);

    public abstract void addOrUpdateChannelAttributes(String channelId, List<RtmChannelAttribute> attributes,
                                                      ChannelAttributeOptions options, ResultCallback<Void> callback);

    public abstract void deleteChannelAttributesByKeys(String channelId, List<String> attributeKeys,
                                                       ChannelAttributeOptions options, ResultCallback<Void> callback);

    public abstract void clearChannelAttributes(String channelId, ChannelAttributeOptions options,
                                                ResultCallback<Void> callback);

    public abstract void getChannelAttributes(String channelId, ResultCallback<List<RtmChannelAttribute>> callback);

    public abstract void getChannelAttributesByKeys(String channelId, List<String> attributeKeys,
                                                    ResultCallback<List<RtmChannelAttribute>> callback);

    public abstract void getChannelMemberCount(List<String> channelIds,
                                               ResultCallback<List<RtmChannelMemberCount>> callback);

    /** JSON private parameters; accepted and ignored. Returns 0. */
    public abstract int setParameters(String parameters);

    public abstract int setLogFile(String filePath);

    public abstract int setLogFilter(int filter);

    public abstract int setLogFileSize(int fileSizeInKBytes);
}
