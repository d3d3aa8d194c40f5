package io.parley.loadtest;

import io.parley.rtm.LocalInvitation;
import io.parley.rtm.RemoteInvitation;
import io.parley.rtm.RtmCallEventListener;
import io.parley.rtm.RtmCallManager;
import io.parley.rtm.RtmClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code invite}: P caller→callee pairs; each caller keeps one invitation going; the callee accepts
 * on receipt. A round trip completes at the caller's {@code onLocalInvitationAccepted}.
 */
final class InviteScenario implements Scenario {
    private final List<RtmCallManager> callers = new ArrayList<>();
    private final Map<LocalInvitation, Long> started = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong inFlight = new AtomicLong();
    private Stats stats;
    private Options options;

    @Override
    public void setUp(Target target, Options o, Stats s) throws Exception {
        this.stats = s;
        this.options = o;
        for (int i = 0; i < o.pairs(); i++) {
            RtmClient callee = target.client(Listeners.quiet());
            RtmCallManager calleeCalls = callee.getRtmCallManager();
            calleeCalls.setEventListener(new Events() {
                @Override
                public void onRemoteInvitationReceived(RemoteInvitation ri) {
                    ri.setResponse("ok");
                    calleeCalls.acceptRemoteInvitation(ri, Listeners.then(err -> {
                        if (err != null) {
                            stats.error("accept:" + err);
                        }
                    }));
                }
            });
            loginExisting(target, callee, "inv-callee" + i);
            RtmClient caller = target.client(Listeners.quiet());
            RtmCallManager calls = caller.getRtmCallManager();
            String calleeId = "inv-callee" + i;
            calls.setEventListener(new Events() {
                @Override
                public void onLocalInvitationAccepted(LocalInvitation inv, String response) {
                    done(calls, calleeId, inv, null);
                }

                @Override
                public void onLocalInvitationFailure(LocalInvitation inv, int errorCode) {
                    done(calls, calleeId, inv, "LOCAL_INVITATION_FAILURE_" + errorCode);
                }

                @Override
                public void onLocalInvitationRefused(LocalInvitation inv, String response) {
                    done(calls, calleeId, inv, "REFUSED");
                }
            });
            loginExisting(target, caller, "inv-caller" + i);
            callers.add(calls);
        }
    }

    private static void loginExisting(Target target, RtmClient c, String user) throws Exception {
        java.util.concurrent.CompletableFuture<String> f = new java.util.concurrent.CompletableFuture<>();
        c.login(target.token(user), user, Listeners.future(f));
        String err = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        if (err != null) {
            throw new IllegalStateException("login " + user + " failed: " + err);
        }
    }

    private void done(RtmCallManager calls, String calleeId, LocalInvitation inv, String err) {
        Long t = started.remove(inv);
        if (t == null) {
            return;
        }
        inFlight.decrementAndGet();
        if (err == null) {
            stats.ok(System.nanoTime() - t);
        } else {
            stats.error(err);
        }
        invite(calls, calleeId);
    }

    @Override
    public void start() {
        running.set(true);
        for (int i = 0; i < callers.size(); i++) {
            invite(callers.get(i), "inv-callee" + i);
        }
    }

    private void invite(RtmCallManager calls, String calleeId) {
        if (!running.get()) {
            return;
        }
        LocalInvitation inv = calls.createLocalInvitation(calleeId);
        inv.setContent("call");
        started.put(inv, System.nanoTime());
        inFlight.incrementAndGet();
        stats.sent.increment();
        calls.sendLocalInvitation(inv, Listeners.then(err -> {
            if (err != null && started.remove(inv) != null) {
                inFlight.decrementAndGet();
                stats.error(err);
                invite(calls, calleeId);
            }
        }));
    }

    @Override
    public void stop() {
        running.set(false);
    }

    @Override
    public Map<String, Object> drain() {
        Waits.until(() -> inFlight.get() == 0, 15_000);
        return Map.of("pairs", options.pairs(), "unanswered_after_drain", inFlight.get());
    }

    @Override
    public String unit() {
        return "invites";
    }

    /** No-op base for the call listener. */
    private abstract static class Events implements RtmCallEventListener {
        @Override
        public void onLocalInvitationReceivedByPeer(LocalInvitation i) {
        }

        @Override
        public void onLocalInvitationAccepted(LocalInvitation i, String r) {
        }

        @Override
        public void onLocalInvitationRefused(LocalInvitation i, String r) {
        }

        @Override
        public void onLocalInvitationCanceled(LocalInvitation i) {
        }

        @Override
        public void onLocalInvitationFailure(LocalInvitation i, int e) {
        }

        @Override
        public void onRemoteInvitationReceived(RemoteInvitation i) {
        }

        @Override
        public void onRemoteInvitationAccepted(RemoteInvitation i) {
        }

        @Override
        public void onRemoteInvitationRefused(RemoteInvitation i) {
        }

        @Override
        public void onRemoteInvitationCanceled(RemoteInvitation i) {
        }

        @Override
        public void onRemoteInvitationFailure(RemoteInvitation i, int e) {
        }
    }
}
