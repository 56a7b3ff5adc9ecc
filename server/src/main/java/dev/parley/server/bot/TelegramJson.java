package dev.parley.server.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** JSON the way the Bot API writes it: snake_case names, nulls left out. Separate from the protocol's codec. */
final class TelegramJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    /** Parses JSON text; a syntax error is the caller's (the bot's) fault. */
    JsonNode read(String json, String field) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw TelegramException.badRequest("can't parse " + field + " JSON object");
        }
    }

    JsonNode read(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw TelegramException.badRequest("can't parse JSON object");
        }
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }
}
