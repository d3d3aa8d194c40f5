package io.parley.server.admin;

import io.parley.server.channels.ChannelService;
import io.parley.server.cluster.ClusterPorts;
import io.parley.server.config.ServerConfig;
import io.parley.server.session.Session;
import io.parley.server.session.SessionService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What operators browse (the console's lists): {@code GET nodes}, {@code GET apps},
 * {@code GET apps/{app}/users} and {@code GET apps/{app}/channels} — of this node, filtered by id
 * prefix, sorted by id, at most {@code limit} (1–1000, default 100) with the total that matched;
 * the next page starts {@code after} the last id of this one.
 * They walk this node's sessions or channels, so they are for people, not for polling at scale.
 */
final class DirectoryEndpoints {
    record Node(String nodeId, boolean self) {
    }

    record Nodes(String mode, List<Node> nodes) {
    }

    record AppSummary(String appId, int sessions, int channels) {
    }

    record Apps(List<AppSummary> apps) {
    }

    record UserSummary(String userId, String status, List<String> channels) {
    }

    record Users(List<UserSummary> users, int total) {
    }

    record Channels(List<ChannelService.ChannelSummary> channels, int total) {
    }

    private final ServerConfig config;
    private final SessionService sessions;
    private final ChannelService channels;
    private final ClusterPorts cluster;

    DirectoryEndpoints(ServerConfig config, SessionService sessions, ChannelService channels, ClusterPorts cluster) {
        this.config = config;
        this.sessions = sessions;
        this.channels = channels;
        this.cluster = cluster;
    }

    void register(Router r) {
        r.add("GET", "nodes", this::nodes);
        r.add("GET", "apps", this::apps);
        r.add("GET", "apps/{app}/users", this::users);
        r.add("GET", "apps/{app}/channels", this::channels);
    }

    private Object nodes(Router.Call call) {
        if (!cluster.clustered()) {
            return new Nodes("single", List.of(new Node(cluster.nodeId(), true)));
        }
        List<Node> out = new ArrayList<>();
        for (String id : cluster.liveNodes()) {
            out.add(new Node(id, id.equals(cluster.nodeId())));
        }
        return new Nodes("cluster", out);
    }

    /** The configured apps (in dev mode: the apps with sessions on this node), with this node's counts. */
    private Object apps(Router.Call call) {
        Map<String, int[]> counts = new TreeMap<>();
        config.apps().keySet().forEach(a -> counts.put(a, new int[2]));
        for (Session s : sessions.registry().all()) {
            if (config.devMode() || counts.containsKey(s.appId())) {
                counts.computeIfAbsent(s.appId(), a -> new int[2])[0]++;
            }
        }
        List<AppSummary> out = new ArrayList<>();
        counts.forEach((app, n) -> out.add(new AppSummary(app, n[0], channels.channelCount(app))));
        return new Apps(out);
    }

    private Object users(Router.Call call) {
        String app = call.param("app");
        String prefix = call.query("prefix") == null ? "" : call.query("prefix");
        String after = call.query("after");
        int limit = limit(call);
        List<Session> matched = new ArrayList<>();
        int total = 0;
        for (Session s : sessions.registry().all()) {
            if (s.appId().equals(app) && s.userId().startsWith(prefix)) {
                total++;
                if (after == null || s.userId().compareTo(after) > 0) {
                    matched.add(s);
                }
            }
        }
        matched.sort(Comparator.comparing(Session::userId));
        List<UserSummary> out = new ArrayList<>();
        for (Session s : matched.subList(0, Math.min(limit, matched.size()))) {
            List<String> joined = new ArrayList<>(channels.channelsOf(s));
            joined.sort(null);
            out.add(new UserSummary(s.userId(), s.isUnreachable() ? "UNREACHABLE" : "ONLINE", joined));
        }
        return new Users(out, total);
    }

    private Object channels(Router.Call call) {
        String prefix = call.query("prefix") == null ? "" : call.query("prefix");
        Map.Entry<List<ChannelService.ChannelSummary>, Integer> page = channels.list(call.param("app"), prefix,
                call.query("after"), limit(call));
        return new Channels(page.getKey(), page.getValue());
    }

    private static int limit(Router.Call call) {
        String v = call.query("limit");
        if (v == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminError.badRequest("INVALID_ARGUMENT", "'limit' must be a whole number from 1 to 1000");
    }
}
