package io.parley.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON of the admin API: snake_case field names, unknown fields refused, byte arrays as base64.
 * Every parse failure becomes a 400 {@link AdminError} naming the field.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private Json() {
    }

    static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw AdminError.badRequest("MALFORMED_JSON", "a JSON request body is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw AdminError.badRequest("MALFORMED_JSON", "the request body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw AdminError.badRequest("UNKNOWN_FIELD", "unknown field '" + e.getPropertyName() + "'; known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            throw AdminError.badRequest("INVALID_FIELD", "field '" + path(e) + "' has the wrong type or format");
        } catch (JsonProcessingException e) {
            throw AdminError.badRequest("MALFORMED_JSON", "malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw AdminError.badRequest("MALFORMED_JSON", "unreadable request body");
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render admin response", e);
        }
    }

    private static String path(MismatchedInputException e) {
        String p = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "(body)" : p;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
