package io.parley.rtm;

import java.util.List;

/**
 * Channel callbacks, on the client's callback executor (never an I/O thread), in event order.
 * Deprecated media callbacks are {@code default} no-ops.
 */
public interface RtmChannelListener {
    /** Member count changed: at most once a second (≤ 512 members) or per 3 s (above); also on own join. */
    void onMemberCountUpdated(int memberCount);

    /** Channel attributes changed (the full current list), when the writer asked for notification. */
    void onAttributesUpdated(List<RtmChannelAttribute> attributes);

    /** A message from another member (the sender does not receive its own). */
    void onMessageReceived(RtmMessage message, RtmChannelMember fromMember);

    /** Another member joined (only while the channel has at most 512 members). */
    void onMemberJoined(RtmChannelMember member);

    /** Another member left (only while the channel has at most 512 members). */
    void onMemberLeft(RtmChannelMember member);

    @Deprecated
    default void onImageMessageReceived(RtmImageMessage message, RtmChannelMember fromMember) {
    }

    @Deprecated
    default void onFileMessageReceived(RtmFileMessage message, RtmChannelMember fromMember) {
    }
}
