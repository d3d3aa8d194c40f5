package io.parley.it.support;

import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every channel callback. */
public final class ChannelRecorder implements RtmChannelListener {
    public final List<String> joined = new CopyOnWriteArrayList<>();
    public final List<String> left = new CopyOnWriteArrayList<>();
    public final List<Integer> counts = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final List<List<RtmChannelAttribute>> attributeUpdates = new CopyOnWriteArrayList<>();

    @Override
    public void onMemberCountUpdated(int memberCount) {
        counts.add(memberCount);
    }

    @Override
    public void onAttributesUpdated(List<RtmChannelAttribute> attributes) {
        attributeUpdates.add(attributes);
    }

    @Override
    public void onMessageReceived(RtmMessage message, RtmChannelMember fromMember) {
        messages.add(fromMember.getUserId() + ":" + message.getText());
    }

    @Override
    public void onMemberJoined(RtmChannelMember member) {
        joined.add(member.getUserId());
    }

    @Override
    public void onMemberLeft(RtmChannelMember member) {
        left.add(member.getUserId());
    }
}
