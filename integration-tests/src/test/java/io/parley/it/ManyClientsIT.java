package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmIoGroup;
import io.parley.server.ParleyServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManyClientsIT {
    private static final int CLIENTS = 1000;

    @Test
    void thousandClients_logInConcurrently_onOneSharedEventLoopGroup() {
        ParleyServer server = Servers.start(Servers.config().build()); // dev mode: no tokens
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (RtmIoGroup io = RtmIoGroup.create(2)) {
            RtmClientConfig config = Servers.clientConfig("127.0.0.1:" + server.port()).ioGroup(io)
                    .loginTimeout(30, TimeUnit.SECONDS).build();
            List<RtmClient> clients = new ArrayList<>();
            List<Result<Void>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RtmClient c = Servers.client("load-app", new StateRecorder(), config);
                Result<Void> r = new Result<>();
                c.login(null, "user-" + i, r);
                clients.add(c);
                results.add(r);
            }

            for (Result<Void> r : results) {
                assertThat(r.await(Duration.ofSeconds(60))).isZero();
            }
            assertThat(server.sessions().countForApp("load-app")).isEqualTo(CLIENTS);
            Set<String> newThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName).filter(n -> n.startsWith("parley-sdk")).collect(Collectors.toSet());
            // 2 I/O threads from our group plus the bounded shared callback pool — not one per client
            assertThat(newThreads.size()).isLessThan(2 + Math.max(2, Runtime.getRuntime().availableProcessors()) + 1);

            clients.forEach(RtmClient::release);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.sessions().countForApp("load-app") == 0);
        } finally {
            server.close();
        }
    }
}
