package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.protocol.cluster.Kick;
import io.parley.protocol.cluster.NodeMessage;
import io.parley.protocol.cluster.PresenceChanged;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The router: node messages reach the handlers of their kind, and nothing else. */
class ClusterNodeTest {
    private final FakeBackplane backplane = new FakeBackplane("n1");
    private final ClusterNode node = new ClusterNode(backplane);
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private static NodeMessage kick(String from, String user) {
        return NodeMessage.newBuilder().setFromNode(from).setKick(Kick.newBuilder().setAppId("app").setUserId(user))
                .build();
    }

    private static NodeMessage presence(String from, String user) {
        return NodeMessage.newBuilder().setFromNode(from).setPresenceChanged(PresenceChanged.newBuilder()
                .setAppId("app").setUserId(user)).build();
    }

    @Test
    void eachKind_reachesItsHandlers_inTheOrderTheyRegistered() {
        node.on(NodeMessage.BodyCase.KICK, m -> calls.add("kick:" + m.getKick().getUserId()));
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> calls.add("first:" + m.getPresenceChanged().getUserId()));
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> calls.add("second:" + m.getPresenceChanged().getUserId()));
        node.start();

        backplane.arrive(kick("n2", "bob"));
        backplane.arrive(presence("n3", "ann"));

        assertThat(calls).containsExactly("kick:bob", "first:ann", "second:ann");
    }

    @Test
    void aHandlerThatThrows_doesNotKeepTheMessageFromTheOthers() {
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> {
            throw new IllegalStateException("a relay's bug");
        });
        node.on(NodeMessage.BodyCase.PRESENCE_CHANGED, m -> calls.add("after:" + m.getPresenceChanged().getUserId()));
        node.start();

        backplane.arrive(presence("n2", "ann"));
        backplane.arrive(presence("n2", "ben"));

        assertThat(calls).containsExactly("after:ann", "after:ben");
    }

    @Test
    void aMessageThatBreaksTheRules_reachesNoHandler() {
        node.on(NodeMessage.BodyCase.KICK, m -> calls.add("kick"));
        node.start();

        backplane.arrive(kick("", "bob")); // no sender
        backplane.arrive(kick("n2", "")); // no user
        backplane.arrive(kick("n2", "bob"));

        assertThat(calls).containsExactly("kick");
    }

    @Test
    void aKindNobodyHandles_isIgnored() {
        node.on(NodeMessage.BodyCase.KICK, m -> calls.add("kick"));
        node.start();

        backplane.arrive(presence("n2", "ann"));
        backplane.arrive(kick("n2", "bob"));

        assertThat(calls).containsExactly("kick");
    }

    @Test
    void handlers_registerBeforeTheNodeStarts() {
        node.start();
        assertThatThrownBy(() -> node.on(NodeMessage.BodyCase.KICK, m -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whatItSends_carriesThisNodesId() {
        node.start();
        node.send("n2", NodeMessage.newBuilder().setKick(Kick.newBuilder().setAppId("app").setUserId("bob")));
        node.broadcast(NodeMessage.newBuilder().setPresenceChanged(PresenceChanged.newBuilder().setAppId("app")
                .setUserId("bob")));

        assertThat(backplane.sentTo("n2")).singleElement().extracting(NodeMessage::getFromNode).isEqualTo("n1");
        assertThat(backplane.broadcasts()).singleElement().extracting(NodeMessage::getFromNode).isEqualTo("n1");
    }

    @Test
    void deadNodesAndRecovery_reachEveryoneWhoAsked() {
        node.onNodeGone(n -> calls.add("a gone:" + n));
        node.onNodeGone(n -> calls.add("b gone:" + n));
        node.onRecovered(lost -> {
            calls.add("a recovered lost=" + lost);
            return CompletableFuture.completedFuture(null);
        });
        node.onRecovered(lost -> {
            calls.add("b recovered lost=" + lost);
            return CompletableFuture.completedFuture(null);
        });
        node.start();

        backplane.nodeDied("n3");
        backplane.recover(false);
        backplane.recover(true);

        assertThat(calls).containsExactly("a gone:n3", "b gone:n3", "a recovered lost=false", "b recovered lost=false",
                "a recovered lost=true", "b recovered lost=true");
    }
}
