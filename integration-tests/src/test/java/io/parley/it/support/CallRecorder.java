package io.parley.it.support;

import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.RtmCallEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every call-invitation callback as "event:detail". */
public final class CallRecorder implements RtmCallEventListener {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<RemoteInvitation> received = new CopyOnWriteArrayList<>();

    @Override
    public void onLocalInvitationReceivedByPeer(LocalInvitation i) {
        events.add("localReceivedByPeer:" + i.getCalleeId());
    }

    @Override
    public void onLocalInvitationAccepted(LocalInvitation i, String response) {
        events.add("localAccepted:" + response);
    }

    @Override
    public void onLocalInvitationRefused(LocalInvitation i, String response) {
        events.add("localRefused:" + response);
    }

    @Override
    public void onLocalInvitationCanceled(LocalInvitation i) {
        events.add("localCanceled");
    }

    @Override
    public void onLocalInvitationFailure(LocalInvitation i, int errorCode) {
        events.add("localFailure:" + errorCode);
    }

    @Override
    public void onRemoteInvitationReceived(RemoteInvitation i) {
        received.add(i);
        events.add("remoteReceived:" + i.getCallerId() + ":" + i.getContent() + ":" + i.getChannelId());
    }

    @Override
    public void onRemoteInvitationAccepted(RemoteInvitation i) {
        events.add("remoteAccepted");
    }

    @Override
    public void onRemoteInvitationRefused(RemoteInvitation i) {
        events.add("remoteRefused");
    }

    @Override
    public void onRemoteInvitationCanceled(RemoteInvitation i) {
        events.add("remoteCanceled");
    }

    @Override
    public void onRemoteInvitationFailure(RemoteInvitation i, int errorCode) {
        events.add("remoteFailure:" + errorCode);
    }
}
