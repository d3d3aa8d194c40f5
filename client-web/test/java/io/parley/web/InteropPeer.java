package io.parley.web;

import io.parley.rtm.ErrorInfo;
import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmCallEventListener;
import io.parley.rtm.RtmCallManager;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.SendMessageOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Java SDK client for the interoperability tests of the web SDK (test/e2e/interop.test.mjs),
 * driven line by line over stdin and reporting what it sees on stdout, one line per event:
 * {@code java -cp … io.parley.web.InteropPeer HOST:PORT APP_ID USER_ID}. Commands:
 * {@code send PEER TEXT}, {@code join CHANNEL}, {@code channel CHANNEL TEXT}, {@code invite PEER CONTENT},
 * {@code accept-next RESPONSE} (accept the next invitation received), {@code quit}.
 */
public final class InteropPeer {
    private static volatile String acceptWith;

    private InteropPeer() {
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static <T> ResultCallback<T> report(String what) {
        return new ResultCallback<>() {
            @Override
            public void onSuccess(T v) {
                say(what + " OK");
            }

            @Override
            public void onFailure(ErrorInfo e) {
                say(what + " FAILED " + e.getErrorCode());
            }
        };
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String appId = args[1];
        String userId = args[2];
        RtmClient client = RtmClient.createInstance(appId, new RtmClientListener() {
            @Override
            public void onConnectionStateChanged(int state, int reason) {
                say("STATE " + state + " " + reason);
            }

            @Override
            public void onMessageReceived(RtmMessage message, String peerId) {
                say("PEER " + peerId + " " + message.getText());
            }

            @Override
            public void onTokenExpired() {
            }

            @Override
            public void onPeersOnlineStatusChanged(Map<String, Integer> peersStatus) {
            }
        }, RtmClientConfig.builder().endpoints(endpoint).build());
        RtmCallManager calls = client.getRtmCallManager();
        calls.setEventListener(new RtmCallEventListener() {
            @Override
            public void onLocalInvitationReceivedByPeer(LocalInvitation i) {
                say("INVITATION RECEIVED_BY_PEER " + i.getCalleeId());
            }

            @Override
            public void onLocalInvitationAccepted(LocalInvitation i, String response) {
                say("INVITATION ACCEPTED " + response);
            }

            @Override
            public void onLocalInvitationRefused(LocalInvitation i, String response) {
                say("INVITATION REFUSED " + response);
            }

            @Override
            public void onLocalInvitationCanceled(LocalInvitation i) {
                say("INVITATION CANCELED");
            }

            @Override
            public void onLocalInvitationFailure(LocalInvitation i, int errorCode) {
                say("INVITATION FAILURE " + errorCode);
            }

            @Override
            public void onRemoteInvitationReceived(RemoteInvitation i) {
                say("REMOTE_INVITATION " + i.getCallerId() + " " + i.getContent());
                String response = acceptWith;
                if (response != null) {
                    i.setResponse(response);
                    calls.acceptRemoteInvitation(i, report("accept"));
                }
            }

            @Override
            public void onRemoteInvitationAccepted(RemoteInvitation i) {
                say("REMOTE_INVITATION ACCEPTED");
            }

            @Override
            public void onRemoteInvitationRefused(RemoteInvitation i) {
            }

            @Override
            public void onRemoteInvitationCanceled(RemoteInvitation i) {
            }

            @Override
            public void onRemoteInvitationFailure(RemoteInvitation i, int errorCode) {
                say("REMOTE_INVITATION FAILURE " + errorCode);
            }
        });
        CompletableFuture<Void> loggedIn = new CompletableFuture<>();
        client.login(null, userId, new ResultCallback<>() {
            @Override
            public void onSuccess(Void v) {
                loggedIn.complete(null);
            }

            @Override
            public void onFailure(ErrorInfo e) {
                loggedIn.completeExceptionally(new IllegalStateException("login failed: " + e.getErrorCode()));
            }
        });
        loggedIn.get(20, TimeUnit.SECONDS);
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RtmChannel channel = null;
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.split(" ", 3);
            switch (w[0]) {
                case "send" -> client.sendMessageToPeer(w[1], client.createMessage(w[2]), new SendMessageOptions(),
                        report("send " + w[1]));
                case "join" -> {
                    channel = client.createChannel(w[1], new RtmChannelListener() {
                        @Override
                        public void onMemberCountUpdated(int memberCount) {
                        }

                        @Override
                        public void onAttributesUpdated(List<RtmChannelAttribute> attributes) {
                        }

                        @Override
                        public void onMessageReceived(RtmMessage message, RtmChannelMember from) {
                            say("CHANNEL " + from.getChannelId() + " " + from.getUserId() + " " + message.getText());
                        }

                        @Override
                        public void onMemberJoined(RtmChannelMember member) {
                            say("JOINED " + member.getChannelId() + " " + member.getUserId());
                        }

                        @Override
                        public void onMemberLeft(RtmChannelMember member) {
                            say("LEFT " + member.getChannelId() + " " + member.getUserId());
                        }
                    });
                    channel.join(report("join " + w[1]));
                }
                case "channel" -> channel.sendMessage(client.createMessage(w[2]), report("channel " + w[1]));
                case "invite" -> {
                    LocalInvitation inv = calls.createLocalInvitation(w[1]);
                    inv.setContent(w[2]);
                    calls.sendLocalInvitation(inv, report("invite " + w[1]));
                }
                case "accept-next" -> acceptWith = w[1];
                case "quit" -> {
                    client.logout(report("logout"));
                    client.release();
                    say("BYE");
                    System.exit(0);
                }
                default -> say("UNKNOWN " + line);
            }
        }
        client.release();
    }
}
