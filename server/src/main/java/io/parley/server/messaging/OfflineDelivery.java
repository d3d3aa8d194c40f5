package io.parley.server.messaging;

import com.google.protobuf.ByteString;
import io.parley.protocol.MessageRules;
import io.parley.protocol.peer.EncodedBody;
import io.parley.protocol.v1.MessageBody;
import io.parley.server.cluster.ClusterPeers;
import io.parley.server.metrics.ParleyMetrics;
import io.parley.server.session.Session;
import io.parley.server.session.SessionRegistry;
import io.parley.server.store.OfflineStore;
import io.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a user's stored offline messages to its session: after each fresh login, and when a
 * message is stored while the user is logged in (here, or on another node through the cluster
 * port), since that login's read of the store may have missed it. A stored message stays in the
 * store until its recipient acks it; one pushed and not yet acked is not pushed twice.
 */
final class OfflineDelivery {
    private static final Logger log = LoggerFactory.getLogger(OfflineDelivery.class);

    /** The ticket of a pushed offline message: removed from the store on ack. */
    record StoredRef(String appId, String userId, long seq) {
        String key() {
            return appId + '\0' + userId + '\0' + seq;
        }
    }

    private final SessionRegistry registry;
    private final OfflineStore store;
    private final ClusterPeers cluster;
    private final AtomicLong ids;
    private final int maxUnacked;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ParleyMetrics metrics = ParleyMetrics.NOOP;

    OfflineDelivery(SessionRegistry registry, OfflineStore store, ClusterPeers cluster, AtomicLong ids, int maxUnacked) {
        this.registry = registry;
        this.store = store;
        this.cluster = cluster;
        this.ids = ids;
        this.maxUnacked = maxUnacked;
    }

    void metrics(ParleyMetrics m) {
        this.metrics = m;
    }

    /** A message was just stored for this user: pushed now if the user is logged in here or elsewhere. */
    void storedFor(String appId, String userId) {
        if (!deliverIfHere(appId, userId)) {
            log.debug("stored for app={} user={}, not logged in here: telling its node", appId, userId);
            cluster.stored(appId, userId);
        }
    }

    /** Pushes what is stored for the user if it is logged in here; false if it is not. */
    boolean deliverIfHere(String appId, String userId) {
        Session s = registry.get(appId, userId);
        if (s == null || s.isEnded()) {
            return false;
        }
        deliver(s);
        return true;
    }

    /** The pushed message was acked (and is removed from the store), or its session ended (it stays). */
    void settled(StoredRef ref) {
        inFlight.remove(ref.key());
    }

    /** Pushes what is stored for the session's user and not pushed already. */
    void deliver(Session session) {
        store.load(session.appId(), session.userId()).whenComplete((messages, err) -> {
            if (err != null) {
                log.error("offline store load failed for app={} user={}", session.appId(), session.userId(), err);
                return;
            }
            List<Long> invalid = null;
            for (StoredMessage m : messages) {
                if (!MessageRules.isValid(m.type(), m.text(), m.raw().length)) {
                    // stored before the rules covered it (e.g. TEXT with a payload): it would break the recipient
                    if (invalid == null) {
                        invalid = new ArrayList<>();
                    }
                    invalid.add(m.seq());
                    continue;
                }
                StoredRef ref = new StoredRef(session.appId(), session.userId(), m.seq());
                if (!inFlight.add(ref.key())) {
                    log.debug("stored seq={} for app={} user={} already pushed, awaiting its ack", m.seq(),
                            session.appId(), session.userId());
                    continue;
                }
                long id = ids.incrementAndGet();
                EncodedBody body = EncodedBody.of(MessageBody.newBuilder().setTypeValue(m.type()).setText(m.text())
                        .setRaw(ByteString.copyFrom(m.raw())).build());
                if (session.deliverPeerMessage(id, PeerMessagingService.push(id, ByteString.copyFromUtf8(m.fromUserId()),
                        body, m.serverReceivedTs(), true), ref, maxUnacked) != Session.PeerDelivery.QUEUED) {
                    inFlight.remove(ref.key());
                    log.debug("stored seq={} for app={} user={} not pushed: session {} ended or full", m.seq(),
                            session.appId(), session.userId(), session.id());
                    break; // stays stored for the next login
                }
                log.debug("pushed stored seq={} for app={} user={} to session {} as message {}", m.seq(),
                        session.appId(), session.userId(), session.id(), id);
            }
            if (invalid != null) {
                drop(session, invalid);
            }
        });
    }

    private void drop(Session session, List<Long> seqs) {
        log.warn("dropping {} stored message(s) for app={} user={} that break the RTM message rules", seqs.size(),
                session.appId(), session.userId());
        for (int i = 0; i < seqs.size(); i++) {
            metrics.invalidMessage("offline_store");
        }
        store.remove(session.appId(), session.userId(), seqs);
    }
}
