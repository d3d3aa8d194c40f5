package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.rtm.RtmChannel;
import io.parley.rtm.RtmChannelMember;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmClientConfig;
import io.parley.rtm.RtmIoGroup;
import io.parley.server.ParleyServer;
import io.parley.server.ratelimit.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 600 clients on one shared event loop group in one channel: the 512 rule and uniform sampling. */
class ChannelScaleIT {
    private static final String APP = "scale-app";
    private static final int MEMBERS = 600;

    @Test
    void memberEventsStopAbove512_andGetMembersIsAUniformSampleThatIncludesTheCaller() {
        ParleyServer server = Servers.start(Servers.config().app(APP).rateLimit(Operation.GET_MEMBERS, 0).build());
        List<RtmClient> clients = new ArrayList<>();
        try (RtmIoGroup io = RtmIoGroup.create(2)) {
            RtmClientConfig cfg = Servers.clientConfig("127.0.0.1:" + server.port()).ioGroup(io)
                    .loginTimeout(30, TimeUnit.SECONDS).build();
            ChannelRecorder observer = new ChannelRecorder();
            RtmChannel observerChannel = null;
            List<Result<Void>> joins = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                RtmClient c = Servers.client(APP, new StateRecorder(), cfg);
                clients.add(c);
                Result<Void> login = new Result<>();
                c.login(null, "m" + i, login);
                assertThat(login.await(Duration.ofSeconds(60))).isZero();
                RtmChannel ch = c.createChannel("big", i == 0 ? observer : null);
                if (i == 0) {
                    observerChannel = ch;
                    Result<Void> first = new Result<>();
                    ch.join(first);
                    assertThat(first.await()).isZero();
                    continue;
                }
                Result<Void> r = new Result<>();
                ch.join(r);
                joins.add(r);
                if (i % 50 == 0) {
                    joins.forEach(j -> assertThat(j.await(Duration.ofSeconds(60))).isZero());
                    joins.clear();
                }
            }
            joins.forEach(j -> assertThat(j.await(Duration.ofSeconds(60))).isZero());

            // joins are announced while the channel has at most 512 members after the join
            await().atMost(Duration.ofSeconds(30)).until(() -> observer.joined.size() == 511);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> observer.joined.size() == 511);
            // joins run 50 at a time, so arrival order is not index order; but the last batch (m551..m599)
            // starts only after 550 members are in, so none of it may be announced
            assertThat(observer.joined).doesNotHaveDuplicates()
                    .noneMatch(id -> Integer.parseInt(id.substring(1)) >= 551);
            await().atMost(Duration.ofSeconds(10)).until(() -> !observer.counts.isEmpty()
                    && observer.counts.get(observer.counts.size() - 1) == MEMBERS);

            // 200 samples of 512 out of 600: the caller always, every other member with p = 511/599
            Map<String, Integer> seen = new HashMap<>();
            int rounds = 200;
            for (int i = 0; i < rounds; i++) {
                Result<List<RtmChannelMember>> r = new Result<>();
                observerChannel.getMembers(r);
                assertThat(r.await()).isZero();
                assertThat(r.value()).hasSize(512);
                List<String> ids = r.value().stream().map(RtmChannelMember::getUserId).toList();
                assertThat(ids).contains("m0").doesNotHaveDuplicates();
                ids.forEach(id -> seen.merge(id, 1, Integer::sum));
            }
            assertThat(seen.get("m0")).isEqualTo(rounds);
            double expected = rounds * 511.0 / 599.0; // ≈ 170.6, sd ≈ 5.0
            for (int i = 1; i < MEMBERS; i++) {
                assertThat(seen.getOrDefault("m" + i, 0)).as("m" + i).isBetween((int) (expected - 30), (int) (expected + 30));
            }
        } finally {
            clients.forEach(RtmClient::release);
            server.close();
        }
    }
}
