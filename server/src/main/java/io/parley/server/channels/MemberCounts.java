package io.parley.server.channels;

import io.parley.protocol.v1.MemberCountPush;
import io.parley.protocol.v1.ServerFrame;
import io.parley.server.session.EncodedFrame;
import io.parley.server.session.Session;
import io.parley.server.time.DeadlineQueue;
import io.parley.server.time.TimeSource;
import java.util.concurrent.TimeUnit;

/**
 * Member-count pushes: to a joiner at once, to the other members at most once a second (once per
 * 3 s above 512 members). Only channels whose count changed are looked at, each when its interval
 * allows a push.
 */
final class MemberCounts {
    private static final long INTERVAL_SMALL = TimeUnit.SECONDS.toNanos(1);
    private static final long INTERVAL_LARGE = TimeUnit.SECONDS.toNanos(3);

    private final TimeSource time;
    private final DeadlineQueue<Channel> checks = new DeadlineQueue<>();

    MemberCounts(TimeSource time) {
        this.time = time;
    }

    /** A member joined: the count to the joiner now, and to everyone if a throttled push is due anyway. */
    void joined(Session joiner, Channel c, int count) {
        String channelId = c.key().channelId();
        int due = c.countDue(time.nanoTime(), interval(count));
        if (due >= 0) {
            c.broadcast(EncodedFrame.of(frame(channelId, due)), null);
        } else {
            changed(c); // the others hear of it when the interval allows
            joiner.send(frame(channelId, count));
        }
    }

    /** A channel's member count moved: queue a look at it for when its next count push is allowed. */
    void changed(Channel c) {
        long at = c.countPushAllowedAt(time.nanoTime(), interval(c.totalSize()));
        if (c.countCheck().request(at)) {
            checks.add(c, at);
        }
    }

    /** Pushes the counts that are due; returns how many channels were looked at. */
    int sweep() {
        long now = time.nanoTime();
        return checks.pollDue(now, (c, due) -> {
            if (!c.countCheck().take(due)) {
                return;
            }
            int count = c.countDue(now, interval(c.totalSize()));
            if (count >= 0) {
                c.broadcast(EncodedFrame.of(frame(c.key().channelId(), count)), null);
            } else if (c.countChanged()) {
                changed(c); // changed within the interval (or by a join's own push): look again when it ends
            }
        });
    }

    /** Channels queued for a look. */
    int queued() {
        return checks.size();
    }

    private static long interval(int members) {
        return members <= ChannelService.EVENT_MEMBER_LIMIT ? INTERVAL_SMALL : INTERVAL_LARGE;
    }

    static ServerFrame frame(String channelId, int count) {
        return ServerFrame.newBuilder().setMemberCount(MemberCountPush.newBuilder().setChannelId(channelId)
                .setCount(count)).build();
    }
}
