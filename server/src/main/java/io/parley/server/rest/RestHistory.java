package io.parley.server.rest;

import io.parley.protocol.Identifiers;
import io.parley.server.http.ApiCall;
import io.parley.server.store.HistoryFilter;
import io.parley.server.store.HistoryRecord;
import io.parley.server.store.MessageHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The history API: {@code POST …/rtm/message/history/query} creates a query resource (its handle
 * carries the query; it expires after {@link #HANDLE_TTL_MILLIS}, then 410),
 * {@code GET …/query/{handle}} answers it ({@code code: "ok"} at once — Parley never answers
 * {@code "in progress"}), {@code GET …/history/count} counts.
 *
 * <p>Readings where Agora's documents disagree or are silent: {@code order} defaults to
 * {@code asc}; {@code limit} defaults to 20 and may be 1…100 (Agora lists 20, 50, 100);
 * {@code destination} alone selects every message sent to that id — peer messages to a user and
 * channel messages to a channel of that name; channel messages are {@code message_type}
 * {@code "channel_message"}; a channel as {@code source} matches nothing.
 */
final class RestHistory {
    static final long HANDLE_TTL_MILLIS = 10 * 60_000L;
    static final String LOCATION_PREFIX = "~/rtm/message/history/query/";

    record Filter(String source, String destination, String startTime, String endTime) {
    }

    record Query(Filter filter, Integer offset, Integer limit, String order) {
    }

    private final MessageHistory history;
    private final LongSupplier clockMillis;

    RestHistory(MessageHistory history, LongSupplier clockMillis) {
        this.history = history;
        this.clockMillis = clockMillis;
    }

    Map<String, Object> create(String appId, Query q) {
        if (q.filter() == null) {
            throw RestError.badRequest("invalid_argument", "'filter' is required");
        }
        HistoryFilter f = filter(q.filter().source(), q.filter().destination(), q.filter().startTime(),
                q.filter().endTime());
        int offset = q.offset() == null ? 0 : q.offset();
        if (offset < 0) {
            throw RestError.badRequest("invalid_argument", "'offset' must be 0 or more");
        }
        int limit = q.limit() == null ? 20 : q.limit();
        if (limit < 1 || limit > 100) {
            throw RestError.badRequest("invalid_argument", "'limit' must be 1 to 100 (Agora documents 20, 50, 100)");
        }
        String order = q.order() == null ? "asc" : q.order();
        if (!order.equals("asc") && !order.equals("desc")) {
            throw RestError.badRequest("invalid_argument", "'order' must be asc or desc");
        }
        String handle = new HistoryHandle(appId, f.source(), f.destination(), f.fromMs(), f.toMs(), offset, limit,
                order.equals("desc"), clockMillis.getAsLong() + HANDLE_TTL_MILLIS).encode();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", "success");
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("order", order);
        out.put("location", LOCATION_PREFIX + handle);
        return out;
    }

    CompletionStage<Map<String, Object>> fetch(String appId, String handle) {
        HistoryHandle h = HistoryHandle.decode(handle);
        if (h == null || !h.appId().equals(appId)) {
            throw new RestError(404, "not_found", "no such history query; create one with POST …/message/history/query");
        }
        if (clockMillis.getAsLong() > h.expiresAtMs()) {
            throw new RestError(410, "gone", "this history query expired; create a new one");
        }
        HistoryFilter f = new HistoryFilter(h.source(), h.destination(), h.fromMs(), h.toMs());
        return history.query(appId, f, h.offset(), h.limit(), h.descending()).thenApply(records -> {
            List<Map<String, Object>> messages = new ArrayList<>(records.size());
            for (HistoryRecord r : records) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("src", r.source());
                m.put("dst", r.destination());
                m.put("message_type", r.kind() == HistoryRecord.Kind.PEER ? "peer_message" : "channel_message");
                m.put("payload", r.payload());
                m.put("ms", r.ms());
                messages.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("result", "success");
            out.put("code", "ok");
            out.put("messages", messages);
            return out;
        });
    }

    CompletionStage<Map<String, Object>> count(String appId, ApiCall call) {
        HistoryFilter f = filter(RestTime.unquote(call.queryParam("source")), RestTime.unquote(call.queryParam("destination")),
                call.queryParam("start_time"), call.queryParam("end_time"));
        return history.count(appId, f).thenApply(n -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("result", "success");
            out.put("code", "ok");
            out.put("count", n);
            return out;
        });
    }

    private static HistoryFilter filter(String source, String destination, String start, String end) {
        source = source == null || source.isEmpty() ? null : source;
        destination = destination == null || destination.isEmpty() ? null : destination;
        if (source == null && destination == null) {
            throw RestError.badRequest("invalid_argument", "give 'source', 'destination' or both");
        }
        if (source != null && !Identifiers.isValidUserId(source)) {
            throw RestError.badRequest("invalid_argument", "'source' breaks the RTM user id rules");
        }
        if (destination != null && !Identifiers.isValidUserId(destination) && !Identifiers.isValidChannelId(destination)) {
            throw RestError.badRequest("invalid_argument", "'destination' breaks the RTM id rules");
        }
        long from = RestTime.parseMillis("start_time", start);
        long to = RestTime.parseMillis("end_time", end);
        if (from > to) {
            throw RestError.badRequest("invalid_argument", "'start_time' is after 'end_time'");
        }
        return new HistoryFilter(source, destination, from, to);
    }
}
