package io.parley.server.channels;

import io.parley.server.cluster.ChannelKey;
import io.parley.server.cluster.ClusterChannels;
import io.parley.server.cluster.SingleNodeChannels;
import io.parley.protocol.Identifiers;
import io.parley.protocol.peer.MessageBodies;
import io.parley.protocol.v1.ChannelMemberCount;
import io.parley.protocol.v1.ChannelMemberCounts;
import io.parley.protocol.v1.ChannelMembers;
import io.parley.protocol.v1.ChannelLeftPush;
import io.parley.protocol.v1.ChannelMessagePush;
import io.parley.protocol.v1.MessageBody;
import io.parley.protocol.v1.ErrorCode;
import io.parley.protocol.v1.MemberJoinedPush;
import io.parley.protocol.v1.MemberLeftPush;
import io.parley.protocol.v1.SendChannelMessage;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.history.MessageArchive;
import io.parley.server.ratelimit.Operation;
import io.parley.server.ratelimit.SessionRateLimits;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Replies;
import io.parley.server.session.Session;
import io.parley.server.session.SessionEndReason;
import io.parley.server.session.OperatorFeed;
import io.parley.server.session.SessionListener;
import io.parley.server.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Channels (RTM §1.4/1.5): membership with the 20-channel cap, member events to the other members
 * while the channel has at most 512 members, member counts (to the joiner at once, then at most
 * once a second — once per 3 s above 512 members), channel messages to every other member
 * (serialised once), {@code getMembers} (caller plus a uniform sample, 512 at most) and member
 * counts of channels one need not join. A session's channels are left when it ends (logout,
 * timeout, remote login); a resumed session keeps them without any join/leave event.
 */
public final class ChannelService implements SessionListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChannelService.class);
    public static final int MAX_JOINED = 20;
    public static final int EVENT_MEMBER_LIMIT = 512;
    public static final int MAX_MEMBERS_RETURNED = 512;
    public static final int MAX_COUNT_IDS = 32;

    private final SessionRateLimits limits;
    private final TimeSource time;
    private final Map<ChannelKey, Channel> channels = new ConcurrentHashMap<>();
    private final MemberCounts counts;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> channelsPerApp = new ConcurrentHashMap<>();
    private final int maxChannelsPerApp;
    private final MessageArchive archive;
    private final ClusterChannels cluster;
    /** The push of a member event over the limit: counts only, no event. */
    private static final Supplier<byte[]> NO_PUSH = () -> new byte[0];
    private volatile OperatorFeed feed = OperatorFeed.NONE;

    /** Where accepted messages are shown while an operator watches (the console). Set before start. */
    public void feed(OperatorFeed f) {
        this.feed = f;
    }
    /** session id → channel ids it joined. */
    private final Map<String, Set<String>> joined = new ConcurrentHashMap<>();
    private final List<MembershipListener> membershipListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Told when a channel gains its first member or loses its last (channel attributes expire), and
     * of each member of this node that joined or left (the event feeds).
     */
    public interface MembershipListener {
        default void channelEmptied(ChannelKey key) {
        }

        default void channelOccupied(ChannelKey key) {
        }

        default void memberJoined(ChannelKey key, String userId) {
        }

        default void memberLeft(ChannelKey key, String userId) {
        }
    }

    private volatile io.parley.server.metrics.ParleyMetrics metrics = io.parley.server.metrics.ParleyMetrics.NOOP;

    /** Set once by the composition root before the server starts. */
    public void metrics(io.parley.server.metrics.ParleyMetrics m) {
        this.metrics = m;
    }

    public ChannelService(SessionRateLimits limits, TimeSource time) {
        this(limits, time, 0);
    }

    /** @param maxChannelsPerApp channels with members one app may have (0 = no cap); joins beyond get REJECTED */
    public ChannelService(SessionRateLimits limits, TimeSource time, int maxChannelsPerApp) {
        this(limits, time, maxChannelsPerApp, MessageArchive.NONE);
    }

    /** A single node's: this node's members are all the members. @param archive where messages with the history option are kept */
    public ChannelService(SessionRateLimits limits, TimeSource time, int maxChannelsPerApp, MessageArchive archive) {
        this(limits, time, maxChannelsPerApp, archive, new SingleNodeChannels());
    }

    /** @param cluster what the members on other nodes add to this node's (and their events) */
    public ChannelService(SessionRateLimits limits, TimeSource time, int maxChannelsPerApp, MessageArchive archive,
                          ClusterChannels cluster) {
        this.cluster = cluster;
        this.counts = new MemberCounts(time);
        this.archive = archive;
        this.limits = limits;
        this.time = time;
        this.maxChannelsPerApp = maxChannelsPerApp;
        cluster.inbound(new ChannelInbound(this, cluster));
    }

    public void addMembershipListener(MembershipListener l) {
        membershipListeners.add(l);
    }

    // ----------------------------------------------------------------------------- membership

    public void join(Session s, int rid, String channelId) {
        try {
            joinChecked(s, rid, channelId);
        } finally {
            leaveIfEnded(s, channelId);
        }
    }

    private void joinChecked(Session s, int rid, String channelId) {
        if (!Identifiers.isValidChannelId(channelId)) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid channel id"));
            return;
        }
        Set<String> mine = joined.computeIfAbsent(s.id(), k -> ConcurrentHashMap.newKeySet());
        if (mine.contains(channelId)) {
            s.send(Replies.error(rid, ErrorCode.ALREADY_JOINED, "already in this channel"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.JOIN)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "more than 50 joins per 3 s"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.JOIN_SAME_CHANNEL, channelId)) {
            s.send(Replies.error(rid, ErrorCode.SAME_CHANNEL_TOO_OFTEN, "same channel joined too often"));
            return;
        }
        if (mine.size() >= MAX_JOINED) {
            s.send(Replies.error(rid, ErrorCode.EXCEED_LIMIT, "already in 20 channels"));
            return;
        }
        ChannelKey key = new ChannelKey(s.appId(), channelId);
        if (maxChannelsPerApp > 0 && !channels.containsKey(key) && appChannels(s.appId()).get() >= maxChannelsPerApp) {
            s.send(Replies.error(rid, ErrorCode.REJECTED, "the app has " + maxChannelsPerApp + " channels, its cap"));
            return;
        }
        Channel c;
        CompletableFuture<Integer> counted;
        boolean answeredAtOnce;
        while (true) {
            c = channels.computeIfAbsent(key, k -> {
                appChannels(k.appId()).incrementAndGet();
                return new Channel(k);
            });
            synchronized (c) {
                if (channels.get(key) != c) {
                    continue; // removed as empty meanwhile: take the new one
                }
                c.add(s);
                mine.add(channelId);
                counted = cluster.joined(key, s.userId(), c.size());
                answeredAtOnce = answered(counted);
                if (answeredAtOnce) {
                    // the count is known at once (always on a single node): answered under the lock, so
                    // no message of the channel reaches the joiner before its join reply
                    joinCounted(s, rid, c, counted.join());
                }
            }
            break;
        }
        if (answeredAtOnce) {
            joinListeners(key, s.userId(), counted.join());
            return;
        }
        Channel channel = c;
        counted.whenComplete((count, err) -> {
            if (err != null) {
                mine.remove(channelId);
                removeMember(s, channelId);
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster channel state unavailable"));
                return;
            }
            joinCounted(s, rid, channel, count);
            joinListeners(key, s.userId(), count);
            leaveIfEnded(s, channelId); // the session may have ended while the cluster counted
        });
    }

    private static boolean answered(CompletableFuture<Integer> f) {
        return f.isDone() && !f.isCompletedExceptionally();
    }

    /** The join reply; the count to the joiner at once (to everyone if a throttled update is due anyway); the member event. */
    private void joinCounted(Session s, int rid, Channel c, int count) {
        c.clusterSize(count);
        s.send(Replies.ok(rid).build());
        counts.joined(s, c, count);
        memberEvent(c.key(), c, s, s.userId(), count, true);
    }

    private void joinListeners(ChannelKey key, String userId, int count) {
        membershipListeners.forEach(l -> l.memberJoined(key, userId));
        if (count == 1) { // the first member in the whole cluster
            membershipListeners.forEach(l -> l.channelOccupied(key));
        }
    }

    /**
     * Session end is a barrier: a join that raced it (its cleanup ran before this join added the
     * member, or recreated the session's channel set) is undone here, so an ended session never
     * stays a member. Removing a member twice is harmless.
     */
    private void leaveIfEnded(Session s, String joining) {
        if (!s.isEnded()) {
            return;
        }
        Set<String> left = joined.remove(s.id());
        if (left != null) {
            for (String channelId : left) {
                removeMember(s, channelId);
            }
        }
        // the end's cleanup may have taken the session's set before this join added to it
        removeMember(s, joining);
    }

    /**
     * Operator removal of a member on another node; completes true if that node took it (false on
     * a single node, or if the user is not a member anywhere).
     */
    public CompletableFuture<Boolean> removeElsewhere(String appId, String userId, String channelId) {
        return cluster.isMemberElsewhere(new ChannelKey(appId, channelId), userId).thenCompose(member -> member
                ? cluster.removeElsewhere(appId, userId, channelId) : CompletableFuture.completedFuture(false));
    }

    /** Members in the whole cluster (this node's on a single node). */
    public CompletableFuture<Integer> countAsync(ChannelKey key) {
        return cluster.count(key, count(key));
    }

    /** A uniform sample of the members in the whole cluster, for operators. */
    public CompletableFuture<List<String>> sampleMembersAsync(ChannelKey key, int max) {
        return cluster.sample(key, max, () -> sampleMembers(key, max));
    }

    public void leave(Session s, int rid, String channelId) {
        Set<String> mine = joined.get(s.id());
        if (mine == null || !mine.remove(channelId)) {
            s.send(Replies.error(rid, ErrorCode.NOT_IN_CHANNEL, "not in this channel"));
            return;
        }
        removeMember(s, channelId);
        s.send(Replies.ok(rid).build());
    }

    private void removeMember(Session s, String channelId) {
        ChannelKey key = new ChannelKey(s.appId(), channelId);
        Channel c = channels.get(key);
        if (c == null) {
            return;
        }
        CompletableFuture<Integer> counted;
        boolean answeredAtOnce;
        synchronized (c) {
            if (!c.remove(s)) {
                return;
            }
            int here = c.size();
            if (here == 0 && channels.remove(key, c)) {
                appChannels(key.appId()).decrementAndGet();
            }
            counted = cluster.left(key, s.userId(), here);
            answeredAtOnce = answered(counted);
            if (answeredAtOnce) {
                leftCounted(c, s.userId(), counted.join()); // under the lock, as the join
            }
        }
        membershipListeners.forEach(l -> l.memberLeft(key, s.userId()));
        if (answeredAtOnce) {
            leftListeners(key, counted.join());
            return;
        }
        counted.whenComplete((count, err) -> {
            if (err != null) {
                log.warn("cluster channel state unavailable; {} left {} locally only", s.userId(), key.channelId());
                return;
            }
            leftCounted(c, s.userId(), count);
            leftListeners(key, count);
        });
    }

    /** The member event and count after a leave, to the members here and on the other nodes. */
    private void leftCounted(Channel c, String userId, int count) {
        c.clusterSize(count);
        countChanged(c);
        memberEvent(c.key(), c, null, userId, count, false);
    }

    private void leftListeners(ChannelKey key, int count) {
        if (count == 0) { // the last member in the whole cluster
            membershipListeners.forEach(l -> l.channelEmptied(key));
        }
    }

    /**
     * A member joined or left: the event to the members here (all but {@code except}, which may be
     * null; so may {@code here}) and on the other nodes while the channel has at most 512 members;
     * above that only the count travels.
     */
    void memberEvent(ChannelKey key, Channel here, Session except, String userId, int count, boolean joined) {
        if (count > EVENT_MEMBER_LIMIT) {
            cluster.publish(key, NO_PUSH, userId, count, false);
            return;
        }
        ServerFrame.Builder f = ServerFrame.newBuilder();
        if (joined) {
            f.setMemberJoined(MemberJoinedPush.newBuilder().setChannelId(key.channelId()).setUserId(userId));
        } else {
            f.setMemberLeft(MemberLeftPush.newBuilder().setChannelId(key.channelId()).setUserId(userId));
        }
        EncodedFrame event = EncodedFrame.of(f.build());
        if (here != null) {
            here.broadcast(event, except);
        }
        cluster.publish(key, event::frameBytes, userId, Math.max(count, 0), true);
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
        Set<String> mine = joined.remove(session.id());
        if (mine != null) {
            for (String channelId : mine) {
                removeMember(session, channelId);
            }
        }
    }

    // ------------------------------------------------------------------------------- messages

    public void send(Session s, int rid, SendChannelMessage req) {
        MessageBody body = MessageBodies.known(req.getBody()); // only what was checked goes on to the members
        if (body == null) {
            metrics.invalidMessage("channel");
            s.send(Replies.error(rid, ErrorCode.INVALID_MESSAGE, "empty, over 32 KB, or TEXT with a payload"));
            return;
        }
        Set<String> mine = joined.get(s.id());
        Channel c = mine != null && mine.contains(req.getChannelId())
                ? channels.get(new ChannelKey(s.appId(), req.getChannelId())) : null;
        if (c == null) {
            s.send(Replies.error(rid, ErrorCode.NOT_IN_CHANNEL, "join the channel first"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.MESSAGE)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "message send budget exceeded"));
            return;
        }
        long receivedMs = time.currentTimeMillis();
        EncodedFrame push = EncodedFrame.of(ServerFrame.newBuilder().setChannelMessage(ChannelMessagePush.newBuilder()
                .setChannelId(req.getChannelId()).setFromUserId(s.userId()).setBody(body)
                .setServerReceivedTs(receivedMs)).build());
        s.send(Replies.ok(rid).build()); // RTM: success once the server accepted it
        if (req.getEnableHistoricalMessaging()) {
            archive.channel(s.appId(), s.userId(), req.getChannelId(), body, receivedMs);
        }
        OperatorFeed f = feed;
        if (f.watchingMessages()) {
            f.message(s.appId(), s.userId(), req.getChannelId(), true, body);
        }
        c.broadcast(push, s);
        cluster.publish(c.key(), push::frameBytes, s.userId(), 0, false); // once for the other nodes with members
        metrics.channelMessage(c.totalSize() - 1);
    }

    // -------------------------------------------------------------------------------- queries

    public void getMembers(Session s, int rid, String channelId) {
        Set<String> mine = joined.get(s.id());
        Channel c = mine != null && mine.contains(channelId) ? channels.get(new ChannelKey(s.appId(), channelId)) : null;
        if (c == null) {
            s.send(Replies.error(rid, ErrorCode.NOT_IN_CHANNEL, "not in this channel"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.GET_MEMBERS)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "more than 5 getMembers per 2 s"));
            return;
        }
        cluster.sample(c.key(), MAX_MEMBERS_RETURNED, () -> c.sample(s, MAX_MEMBERS_RETURNED)).whenComplete((others, err) -> {
            if (err != null) {
                s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster channel state unavailable"));
                return;
            }
            List<String> out = new ArrayList<>(MAX_MEMBERS_RETURNED);
            out.add(s.userId());
            for (String id : others) {
                if (out.size() < MAX_MEMBERS_RETURNED && !id.equals(s.userId())) {
                    out.add(id);
                }
            }
            s.send(Replies.ok(rid).setChannelMembers(ChannelMembers.newBuilder().setChannelId(channelId)
                    .addAllUserIds(out)).build());
        });
    }

    public void memberCounts(Session s, int rid, List<String> channelIds) {
        if (channelIds.size() > MAX_COUNT_IDS) {
            s.send(Replies.error(rid, ErrorCode.EXCEED_LIMIT, "more than 32 channel ids"));
            return;
        }
        if (channelIds.isEmpty() || !channelIds.stream().allMatch(Identifiers::isValidChannelId)) {
            s.send(Replies.error(rid, ErrorCode.INVALID_ARGUMENT, "invalid channel id"));
            return;
        }
        if (!limits.tryAcquire(s, Operation.MEMBER_COUNT)) {
            s.send(Replies.error(rid, ErrorCode.TOO_OFTEN, "more than 1 member-count query per second"));
            return;
        }
        List<CompletableFuture<Integer>> counts = channelIds.stream()
                .map(id -> countAsync(new ChannelKey(s.appId(), id))).toList();
        CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                .whenComplete((x, err) -> {
                    if (err != null) {
                        s.send(Replies.error(rid, ErrorCode.INTERNAL, "cluster channel state unavailable"));
                        return;
                    }
                    ChannelMemberCounts.Builder out = ChannelMemberCounts.newBuilder();
                    for (int i = 0; i < channelIds.size(); i++) {
                        out.addCounts(ChannelMemberCount.newBuilder().setChannelId(channelIds.get(i))
                                .setCount(counts.get(i).join()));
                    }
                    s.send(Replies.ok(rid).setChannelMemberCounts(out).build());
                });
    }

    /**
     * A channel message from the server (admin API) on behalf of {@code fromUserId} to every member;
     * returns how many members it went to. Ids are validated by the caller; {@code body} must pass
     * the message rules.
     */
    public CompletableFuture<Integer> sendFromServer(ChannelKey key, String fromUserId,
                                                                          MessageBody body) {
        MessageBody known = MessageBodies.known(body);
        if (known == null) {
            throw new IllegalArgumentException("a channel message body that breaks the RTM rules");
        }
        EncodedFrame push = EncodedFrame.of(ServerFrame.newBuilder().setChannelMessage(ChannelMessagePush.newBuilder()
                .setChannelId(key.channelId()).setFromUserId(fromUserId).setBody(known)
                .setServerReceivedTs(time.currentTimeMillis())).build());
        return cluster.count(key, count(key)).thenApply(n -> {
            Channel c = channels.get(key);
            if (c != null) {
                c.broadcast(push, null);
            }
            if (n > 0) {
                cluster.publish(key, push::frameBytes, null, 0, false);
                metrics.channelMessage(n);
            }
            return n;
        });
    }

    /** A channel with members on this node and its member count here. */
    public record ChannelSummary(String channelId, int members) {
    }

    /**
     * The app's channels with members on this node whose id starts with {@code prefix}, sorted by
     * id, from the first after {@code after} (null: the first), at most {@code max}, and how many
     * matched the prefix in all (operators' views; walks the app's channels).
     */
    public java.util.Map.Entry<List<ChannelSummary>, Integer> list(String appId, String prefix, String after, int max) {
        List<ChannelSummary> page = new ArrayList<>();
        int total = 0;
        for (Map.Entry<ChannelKey, Channel> e : channels.entrySet()) {
            ChannelKey k = e.getKey();
            if (k.appId().equals(appId) && k.channelId().startsWith(prefix)) {
                total++;
                if (after == null || k.channelId().compareTo(after) > 0) {
                    page.add(new ChannelSummary(k.channelId(), e.getValue().size()));
                }
            }
        }
        page.sort(java.util.Comparator.comparing(ChannelSummary::channelId));
        return java.util.Map.entry(page.subList(0, Math.min(max, page.size())), total);
    }

    /** Up to {@code max} members chosen uniformly (all of them in a small channel), for operators. */
    public List<String> sampleMembers(ChannelKey key, int max) {
        Channel c = channels.get(key);
        return c == null ? List.of() : c.sample(null, max);
    }

    /**
     * Operator action: takes {@code s} out of a channel. The others see the member leave; the
     * session is told with a ChannelLeftPush (its SDK stops treating the channel as joined).
     * False if it was not a member.
     */
    public boolean remove(Session s, String channelId) {
        Set<String> mine = joined.get(s.id());
        if (mine == null || !mine.remove(channelId)) {
            return false;
        }
        removeMember(s, channelId);
        s.send(ServerFrame.newBuilder().setChannelLeft(ChannelLeftPush.newBuilder().setChannelId(channelId)
                .setReason(ErrorCode.REJECTED)).build());
        return true;
    }

    /** The channel with members on this node, or null. */
    Channel channel(ChannelKey key) {
        return channels.get(key);
    }

    /** The channels with members on this node. */
    java.util.Collection<Channel> channels() {
        return channels.values();
    }

    io.parley.server.metrics.ParleyMetrics metrics() {
        return metrics;
    }

    public int count(ChannelKey key) {
        Channel c = channels.get(key);
        return c == null ? 0 : c.size();
    }

    /** Members of a channel get a frame (channel attribute notifications); in a cluster, on every node. */
    public void broadcast(ChannelKey key, ServerFrame frame) {
        EncodedFrame f = EncodedFrame.of(frame);
        Channel c = channels.get(key);
        if (c != null) {
            c.broadcast(f, null);
        }
        cluster.publish(key, f::frameBytes, null, 0, false);
    }

    private java.util.concurrent.atomic.AtomicInteger appChannels(String appId) {
        return channelsPerApp.computeIfAbsent(appId, a -> new java.util.concurrent.atomic.AtomicInteger());
    }

    /** Members of the channels on this node (each session counted once per channel). */
    public int memberCount() {
        int n = 0;
        for (Channel c : channels.values()) {
            n += c.size();
        }
        return n;
    }

    public int channelCount() {
        return channels.size();
    }

    /** Channels of {@code appId} with members on this node (the count the per-app cap keeps). */
    public int channelCount(String appId) {
        java.util.concurrent.atomic.AtomicInteger n = channelsPerApp.get(appId);
        return n == null ? 0 : n.get();
    }

    /** Pushes throttled member counts that are due; returns how many channels were looked at. */
    public int sweep() {
        return counts.sweep();
    }

    void countChanged(Channel c) {
        counts.changed(c);
    }

    /** Channels queued for a member-count look (for tests and diagnostics). */
    public int queuedCountChecks() {
        return counts.queued();
    }

    /** The channel ids a session is in (for the SDK-independent admin/tests). */
    public List<String> channelsOf(Session s) {
        return new ArrayList<>(joined.getOrDefault(s.id(), Set.of()));
    }

    /** Sessions in some channel, and members over all channels (live state, for tests and diagnostics). */
    public int membershipEntries() {
        return joined.size() + channels.values().stream().mapToInt(Channel::size).sum();
    }
}
