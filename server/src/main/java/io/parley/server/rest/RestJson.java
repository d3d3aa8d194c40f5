package io.parley.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON of Agora's REST API: snake_case fields, strict types (no string for a boolean, no number
 * for a string), unknown fields refused; every parse failure is a 400 naming the field.
 */
final class RestJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static {
        // a number or boolean where a string belongs is a wrong type, not a string
        var textual = MAPPER.coercionConfigFor(LogicalType.Textual);
        textual.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        textual.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        textual.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private RestJson() {
    }

    static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw RestError.badRequest("malformed_json", "a JSON request body is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw RestError.badRequest("malformed_json", "the request body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw RestError.badRequest("unknown_field", "unknown field '" + e.getPropertyName() + "'; known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw RestError.badRequest("invalid_field", "field '" + (path.isEmpty() ? "(body)" : path)
                    + "' has the wrong type");
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            throw RestError.badRequest("malformed_json", "malformed JSON: " + (m == null ? "" : m.lines().findFirst().orElse("")));
        } catch (IOException e) {
            throw RestError.badRequest("malformed_json", "unreadable request body");
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render REST response", e);
        }
    }
}
