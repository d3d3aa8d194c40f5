package io.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.it.support.ChannelRecorder;
import io.parley.it.support.Result;
import io.parley.it.support.Servers;
import io.parley.it.support.StateRecorder;
import io.parley.rtm.ChannelAttributeOptions;
import io.parley.rtm.RtmChannelAttribute;
import io.parley.rtm.RtmClient;
import io.parley.rtm.RtmStatusCode.AttributeOperationError;
import io.parley.server.ParleyServer;
import io.parley.server.ratelimit.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelAttributesIT {
    private static final String APP = "cattr-app";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ChannelAttributeOptions NOTIFY = new ChannelAttributeOptions(true);
    private static final ChannelAttributeOptions QUIET = new ChannelAttributeOptions(false);

    private ParleyServer server;
    private final List<RtmClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RtmClient::release);
        if (server != null) {
            server.close();
        }
    }

    private RtmClient login(String user) {
        RtmClient c = Servers.client(APP, new StateRecorder(), Servers.clientConfig("127.0.0.1:" + server.port()).build());
        clients.add(c);
        assertThat(call(r -> c.login(null, user, r))).isZero();
        return c;
    }

    private static int call(Consumer<Result<Void>> op) {
        Result<Void> r = new Result<>();
        op.accept(r);
        return r.await();
    }

    private static Result<List<RtmChannelAttribute>> get(RtmClient c, String channel) {
        Result<List<RtmChannelAttribute>> r = new Result<>();
        c.getChannelAttributes(channel, r);
        r.await();
        return r;
    }

    private static List<RtmChannelAttribute> attrs(int n, int bytes) {
        return IntStream.range(0, n).mapToObj(i -> new RtmChannelAttribute("k" + i, "v".repeat(bytes))).toList();
    }

    @Test
    void writesWithoutJoining_recordUpdater_andNotifyMembersOnlyWhenAsked() {
        server = Servers.start(Servers.config().app(APP).build());
        RtmClient admin = login("admin");
        RtmClient member = login("member");
        ChannelRecorder rec = new ChannelRecorder();
        assertThat(call(member.createChannel("room", rec)::join)).isZero();

        long before = System.currentTimeMillis();
        assertThat(call(r -> admin.setChannelAttributes("room", List.of(new RtmChannelAttribute("topic", "cats")), QUIET, r)))
                .isZero();
        assertThat(call(r -> admin.addOrUpdateChannelAttributes("room", List.of(new RtmChannelAttribute("mode", "open")), NOTIFY, r)))
                .isZero();
        await().atMost(WAIT).until(() -> rec.attributeUpdates.size() == 1);
        List<RtmChannelAttribute> full = rec.attributeUpdates.get(0);
        assertThat(full).extracting(RtmChannelAttribute::getKey).containsExactly("topic", "mode");
        assertThat(full).allMatch(a -> a.getLastUpdateUserId().equals("admin") && a.getLastUpdateTs() >= before);

        Result<List<RtmChannelAttribute>> byKeys = new Result<>();
        member.getChannelAttributesByKeys("room", List.of("mode"), byKeys);
        assertThat(byKeys.await()).isZero();
        assertThat(byKeys.value()).extracting(RtmChannelAttribute::getValue).containsExactly("open");
        assertThat(call(r -> admin.deleteChannelAttributesByKeys("room", List.of("topic"), NOTIFY, r))).isZero();
        await().atMost(WAIT).until(() -> rec.attributeUpdates.size() == 2);
        assertThat(rec.attributeUpdates.get(1)).extracting(RtmChannelAttribute::getKey).containsExactly("mode");
        assertThat(call(r -> admin.clearChannelAttributes("room", QUIET, r))).isZero();
        assertThat(get(member, "room").value()).isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> rec.attributeUpdates.size() == 2);
    }

    @Test
    void limits_atTheirBoundaries_andRateLimits() {
        server = Servers.start(Servers.config().app(APP).rateLimit(Operation.CHANNEL_ATTRIBUTE_READ, 1).build());
        RtmClient admin = login("admin");
        int overflow = AttributeOperationError.ATTRIBUTE_OPERATION_ERR_SIZE_OVERFLOW;
        assertThat(call(r -> admin.setChannelAttributes("c", attrs(32, 1), QUIET, r))).isZero();
        assertThat(call(r -> admin.setChannelAttributes("c", attrs(33, 1), QUIET, r))).isEqualTo(overflow);
        assertThat(call(r -> admin.setChannelAttributes("c", attrs(1, 8192), QUIET, r))).isZero();
        assertThat(call(r -> admin.setChannelAttributes("c", attrs(1, 8193), QUIET, r))).isEqualTo(overflow);
        // 32 KB in all: keys k0..k3 (2 bytes each) + 4 values of 8,190 = 32,768 exactly
        assertThat(call(r -> admin.setChannelAttributes("c", attrs(4, 8190), QUIET, r))).isZero();
        assertThat(call(r -> admin.addOrUpdateChannelAttributes("c", List.of(new RtmChannelAttribute("x", "y")), QUIET, r)))
                .isEqualTo(overflow);
        assertThat(call(r -> admin.setChannelAttributes("c", List.of(new RtmChannelAttribute("k", "")), QUIET, r)))
                .isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
        assertThat(call(r -> admin.setChannelAttributes("bad/id", attrs(1, 1), QUIET, r)))
                .isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_INVALID_ARGUMENT);
        assertThat(get(admin, "c").await()).isZero();
        assertThat(get(admin, "c").await()).isEqualTo(AttributeOperationError.ATTRIBUTE_OPERATION_ERR_TOO_OFTEN);
    }

    @Test
    void attributesOfAnEmptyChannel_areRemovedAfterTheConfiguredDelay() {
        server = Servers.start(Servers.config().app(APP).channelAttributeTtl(Duration.ofMillis(600)).build());
        RtmClient admin = login("admin");
        RtmClient member = login("member");
        var room = member.createChannel("room", null);
        assertThat(call(room::join)).isZero();
        assertThat(call(r -> admin.setChannelAttributes("room", attrs(1, 3), QUIET, r))).isZero();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> get(admin, "room").value().size() == 1);
        assertThat(call(room::leave)).isZero();
        await().atMost(WAIT).until(() -> get(admin, "room").value().isEmpty());
    }
}
