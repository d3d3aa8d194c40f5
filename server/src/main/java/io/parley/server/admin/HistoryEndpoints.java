package io.parley.server.admin;

import io.parley.protocol.Identifiers;
import io.parley.server.store.HistoryFilter;
import io.parley.server.store.HistoryRecord;
import io.parley.server.store.MessageHistory;
import io.parley.server.time.TimeSource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET apps/{app}/channels/{channel}/history} and {@code GET apps/{app}/users/{user}/history}:
 * the message history (messages sent with the history option) for operators, the same records
 * Agora's history API serves. Query: {@code from}/{@code to} (ISO 8601; default the last 7 days),
 * {@code order} ({@code desc} newest first, the default, or {@code asc}), {@code offset},
 * {@code limit} (1–100, default 50); for a user {@code direction} {@code received} (default: peer
 * messages to the user) or {@code sent} (everything the user sent).
 */
final class HistoryEndpoints {
    record Message(String from, String to, String type, String text, long ms) {
    }

    record Page(List<Message> messages, int offset, int limit) {
    }

    private final MessageHistory history;
    private final TimeSource time;

    HistoryEndpoints(MessageHistory history, TimeSource time) {
        this.history = history;
        this.time = time;
    }

    void register(Router r) {
        r.add("GET", "apps/{app}/channels/{channel}/history", this::channel);
        r.add("GET", "apps/{app}/users/{user}/history", this::user);
    }

    private Object channel(Router.Call call) {
        String channelId = call.param("channel");
        if (!Identifiers.isValidChannelId(channelId)) {
            throw AdminError.badRequest("INVALID_CHANNEL_ID", "channel id breaks the RTM id rules");
        }
        return page(call, null, channelId);
    }

    private Object user(Router.Call call) {
        String userId = call.param("user");
        if (!Identifiers.isValidUserId(userId)) {
            throw AdminError.badRequest("INVALID_USERID", "user id breaks the RTM user id rules");
        }
        String direction = call.query("direction") == null ? "received" : call.query("direction");
        return switch (direction) {
            case "received" -> page(call, null, userId);
            case "sent" -> page(call, userId, null);
            default -> throw AdminError.badRequest("INVALID_ARGUMENT", "direction must be received or sent");
        };
    }

    private Object page(Router.Call call, String source, String destination) {
        long now = time.currentTimeMillis();
        long to = millis("to", call.query("to"), now);
        long from = millis("from", call.query("from"), to - 7L * 24 * 3600 * 1000);
        if (from > to) {
            throw AdminError.badRequest("INVALID_ARGUMENT", "'from' is after 'to'");
        }
        int offset = integer("offset", call.query("offset"), 0, 0, Integer.MAX_VALUE);
        int limit = integer("limit", call.query("limit"), 50, 1, 100);
        String order = call.query("order") == null ? "desc" : call.query("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw AdminError.badRequest("INVALID_ARGUMENT", "order must be asc or desc");
        }
        return history.query(call.param("app"), new HistoryFilter(source, destination, from, to), offset, limit,
                order.equals("desc")).thenApply(records -> new Page(records.stream().map(HistoryEndpoints::message)
                .toList(), offset, limit));
    }

    private static Message message(HistoryRecord r) {
        return new Message(r.source(), r.destination(), r.kind() == HistoryRecord.Kind.PEER ? "peer" : "channel",
                r.payload(), r.ms());
    }

    private static long millis(String name, String v, long dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw AdminError.badRequest("INVALID_ARGUMENT", "'" + name + "' must be an ISO 8601 time like 2026-01-01T00:00:00Z");
        }
    }

    private static int integer(String name, String v, int dflt, int min, int max) {
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminError.badRequest("INVALID_ARGUMENT", "'" + name + "' must be a whole number from " + min + " to " + max);
    }
}
