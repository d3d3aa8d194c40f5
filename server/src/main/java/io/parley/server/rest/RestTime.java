package io.parley.server.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The history API's times: ISO 8601 in UTC, {@code yyyy-mm-ddThh:mm:ssZ} as Agora documents it;
 * fractional seconds (as clients' {@code toISOString()} writes them) and explicit offsets are
 * accepted too. Anything else is a 400 naming the field.
 */
final class RestTime {
    private RestTime() {
    }

    static long parseMillis(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw RestError.badRequest("invalid_argument", "'" + field + "' is required (e.g. 2019-08-01T01:24:10Z)");
        }
        String v = unquote(value.trim());
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw RestError.badRequest("invalid_argument", "'" + field + "' must be a UTC time like "
                        + "2019-08-01T01:24:10Z, not '" + value + "'");
            }
        }
    }

    /** Agora's count example wraps values in double quotes; a value so wrapped means the same value. */
    static String unquote(String v) {
        return v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
