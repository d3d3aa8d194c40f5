package io.parley.loadtest;

import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Small listener and callback adapters for the scenarios. */
final class Listeners {
    private Listeners() {
    }

    static RtmClientListener onPeerMessage(BiConsumer<RtmMessage, String> handler) {
        return onPeerMessage(handler, (state, reason) -> { });
    }

    /** Peer messages to {@code handler}, connection state changes (state, reason) to {@code states}. */
    static RtmClientListener onPeerMessage(BiConsumer<RtmMessage, String> handler, BiConsumer<Integer, Integer> states) {
        return new RtmClientListener() {
            @Override
            public void onConnectionStateChanged(int state, int reason) {
                states.accept(state, reason);
            }

            @Override
            public void onMessageReceived(RtmMessage message, String peerId) {
                handler.accept(message, peerId);
            }

            @Override
            public void onTokenExpired() {
            }

            @Override
            public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
            }
        };
    }

    static RtmClientListener quiet() {
        return onPeerMessage((m, p) -> { });
    }

    static RtmChannelListener onChannelMessage(Consumer<RtmMessage> handler) {
        return new RtmChannelListener() {
            @Override
            public void onMessageReceived(RtmMessage message, RtmChannelMember fromMember) {
                handler.accept(message);
            }

            @Override
            public void onMemberCountUpdated(int memberCount) {
            }

            @Override
            public void onAttributesUpdated(List<RtmChannelAttribute> attributes) {
            }

            @Override
            public void onMemberJoined(RtmChannelMember member) {
            }

            @Override
            public void onMemberLeft(RtmChannelMember member) {
            }
        };
    }

    /** A callback that completes a future: null on success, else the constant name of the error. */
    static <T> ResultCallback<T> future(CompletableFuture<String> f) {
        return new ResultCallback<T>() {
            @Override
            public void onSuccess(T v) {
                f.complete(null);
            }

            @Override
            public void onFailure(ErrorInfo e) {
                f.complete(e.getErrorDescription());
            }
        };
    }

    /** A callback that calls {@code done} with null on success, else the error's constant name. */
    static <T> ResultCallback<T> then(Consumer<String> done) {
        return new ResultCallback<T>() {
            @Override
            public void onSuccess(T v) {
                done.accept(null);
            }

            @Override
            public void onFailure(ErrorInfo e) {
                done.accept(e.getErrorDescription());
            }
        };
    }
}
