package io.parley.loadtest;

import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Blocking set-up steps (before any measurement): log in, join. Failures abort the run. */
final class Setup {
    private Setup() {
    }

    static RtmClient login(Target target, String userId, RtmClientListener listener) throws Exception {
        RtmClient c = target.client(listener);
        CompletableFuture<String> f = new CompletableFuture<>();
        c.login(target.token(userId), userId, Listeners.future(f));
        check("login " + userId, f);
        return c;
    }

    static void join(RtmChannel channel) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        channel.join(Listeners.future(f));
        check("join " + channel.getId(), f);
    }

    private static void check(String what, CompletableFuture<String> f) throws Exception {
        String err = f.get(60, TimeUnit.SECONDS);
        if (err != null) {
            throw new IllegalStateException(what + " failed: " + err);
        }
    }
}
