import io.parley.rtm.ErrorInfo;
import io.parley.rtm.ResultCallback;
import io.parley.rtm.RtmAttribute;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmChannelListener;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientListener;
import io.parley.rtm.RtmMessage;
import io.parley.rtm.RtmStatusCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Map;

/**
 * A console chat in the shape of Agora's Linux Java tutorial (RtmJavaDemo), written for Parley's
 * tests: Java 8 source (anonymous classes, no var, no lambdas over Parley types), Agora's API only,
 * io.agora.rtm imports replaced by io.parley.rtm. The server comes from PARLEY_SERVER.
 *
 * <p>Input lines: the user id, then "peer &lt;id&gt; &lt;text&gt;", "join &lt;channel&gt;",
 * "say &lt;text&gt;", "members", "leave", "logout"; end of input ends the program without
 * System.exit, so the JVM exits only if the SDK leaves no thread running after release().
 */
public class RtmJavaDemo {
    private RtmClient client;
    private RtmChannel channel;
    private volatile boolean loggedIn;

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        RtmJavaDemo demo = new RtmJavaDemo();
        demo.init(args.length > 0 ? args[0] : "demo-app");
        String userId = in.readLine();
        demo.login(userId);
        String line;
        while ((line = in.readLine()) != null) {
            demo.command(line.trim());
        }
        demo.client.release();
        say("RELEASED");
    }

    private void init(String appId) throws Exception {
        client = RtmClient.createInstance(appId, new RtmClientListener() {
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
            public void onPeersOnlineStatusChanged(Map<String, Integer> status) {
            }
        });
        say("SDK " + RtmClient.getSdkVersion());
    }

    private void login(String userId) throws InterruptedException {
        final Object done = new Object();
        client.login(null, userId, new ResultCallback<Void>() {
            @Override
            public void onSuccess(Void v) {
                loggedIn = true;
                say("LOGGED_IN " + userId);
                synchronized (done) {
                    done.notifyAll();
                }
            }

            @Override
            public void onFailure(ErrorInfo e) {
                say("LOGIN_FAILED " + e.getErrorCode());
                synchronized (done) {
                    done.notifyAll();
                }
            }
        });
        synchronized (done) {
            done.wait(15000);
        }
    }

    private void command(String line) {
        String[] parts = line.split(" ", 3);
        if (parts[0].equals("peer") && parts.length == 3) {
            final String peer = parts[1];
            RtmMessage message = client.createMessage();
            message.setText(parts[2]);
            client.sendMessageToPeer(peer, message, new ResultCallback<Void>() {
                @Override
                public void onSuccess(Void v) {
                    say("SENT " + peer);
                }

                @Override
                public void onFailure(ErrorInfo e) {
                    if (e.getErrorCode() == RtmStatusCode.PeerMessageError.PEER_MESSAGE_ERR_PEER_UNREACHABLE) {
                        say("OFFLINE " + peer);
                    } else {
                        say("SEND_FAILED " + peer + " " + e.getErrorCode());
                    }
                }
            });
        } else if (parts[0].equals("join") && parts.length == 2) {
            channel = client.createChannel(parts[1], new ChannelListener(parts[1]));
            channel.join(new Printing("JOINED " + parts[1]));
        } else if (parts[0].equals("say") && channel != null) {
            channel.sendMessage(client.createMessage(line.substring(4)), new Printing("SAID"));
        } else if (parts[0].equals("members") && channel != null) {
            channel.getMembers(new ResultCallback<List<RtmChannelMember>>() {
                @Override
                public void onSuccess(List<RtmChannelMember> members) {
                    StringBuilder ids = new StringBuilder();
                    for (RtmChannelMember m : members) {
                        ids.append(' ').append(m.getUserId());
                    }
                    say("MEMBERS" + ids);
                }

                @Override
                public void onFailure(ErrorInfo e) {
                    say("MEMBERS_FAILED " + e.getErrorCode());
                }
            });
        } else if (parts[0].equals("leave") && channel != null) {
            channel.leave(null);
            channel.release();
            channel = null;
            say("LEFT");
        } else if (parts[0].equals("logout")) {
            client.logout(new Printing("LOGGED_OUT"));
            loggedIn = false;
        } else if (parts[0].equals("attr")) {
            RtmAttribute a = new RtmAttribute("mood", parts.length > 1 ? parts[1] : "calm");
            client.setLocalUserAttributes(java.util.Collections.singletonList(a), new Printing("ATTR_SET"));
        }
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    private static final class Printing implements ResultCallback<Void> {
        private final String success;

        Printing(String success) {
            this.success = success;
        }

        @Override
        public void onSuccess(Void v) {
            say(success);
        }

        @Override
        public void onFailure(ErrorInfo e) {
            say("FAILED " + success + " " + e.getErrorCode());
        }
    }

    private static final class ChannelListener implements RtmChannelListener {
        private final String id;

        ChannelListener(String id) {
            this.id = id;
        }

        @Override
        public void onMemberCountUpdated(int count) {
        }

        @Override
        public void onAttributesUpdated(List<RtmChannelAttribute> attributes) {
        }

        @Override
        public void onMessageReceived(RtmMessage message, RtmChannelMember from) {
            say("CHANNEL " + id + " " + from.getUserId() + " " + message.getText());
        }

        @Override
        public void onMemberJoined(RtmChannelMember member) {
            say("JOINED_BY " + member.getUserId());
        }

        @Override
        public void onMemberLeft(RtmChannelMember member) {
            say("LEFT_BY " + member.getUserId());
        }
    }
}
