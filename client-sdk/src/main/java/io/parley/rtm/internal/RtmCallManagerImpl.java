package io.parley.rtm.internal;

import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmCallEventListener;
import io.parley.rtm.RtmCallManager;
import io.parley.rtm.RtmStatusCode.InvitationApiCallError;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Call manager. Invitation objects can be created now; the four actions answer NOT_STARTED
 * (InvitationApiCallError has no FAILURE value) until the invitations feature lands, and
 * INVALID_ARGUMENT for objects not created by this SDK.
 */
final class RtmCallManagerImpl extends RtmCallManager {
    private final Executor callbacks;
    private final BooleanSupplier released;
    private volatile RtmCallEventListener listener;

    RtmCallManagerImpl(Executor callbacks, BooleanSupplier released) {
        this.callbacks = callbacks;
        this.released = released;
    }

    @Override
    public void setEventListener(RtmCallEventListener listener) {
        this.listener = listener;
    }

    RtmCallEventListener listener() {
        return listener;
    }

    @Override
    public LocalInvitation createLocalInvitation(String calleeId) {
        return released.getAsBoolean() ? null : new LocalInvitationImpl(calleeId);
    }

    @Override
    public void sendLocalInvitation(LocalInvitation invitation, ResultCallback<Void> callback) {
        notYet(invitation instanceof LocalInvitationImpl, callback);
    }

    @Override
    public void acceptRemoteInvitation(RemoteInvitation invitation, ResultCallback<Void> callback) {
        notYet(false, callback);
    }

    @Override
    public void refuseRemoteInvitation(RemoteInvitation invitation, ResultCallback<Void> callback) {
        notYet(false, callback);
    }

    @Override
    public void cancelLocalInvitation(LocalInvitation invitation, ResultCallback<Void> callback) {
        notYet(invitation instanceof LocalInvitationImpl, callback);
    }

    private void notYet(boolean ours, ResultCallback<Void> callback) {
        Callbacks.failure(callbacks, callback, InvitationApiCallError.class, ours
                ? InvitationApiCallError.INVITATION_API_CALL_ERR_NOT_STARTED
                : InvitationApiCallError.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
    }
}
