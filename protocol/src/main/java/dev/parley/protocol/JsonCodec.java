package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Collectors;

/**
 * The JSON codec shared by the server and the SDK. Binding is strict about types (no "5" for 5, no 1.5 for an id,
 * no null for a primitive) and lenient about unknown fields, so the protocol can grow additively. Every failure
 * becomes a {@link ParleyException} with {@link ErrorCode#BAD_REQUEST} naming the offending field.
 */
public final class JsonCodec {
    private final ObjectMapper mapper;

    public JsonCodec() {
        // Buffers recycled through a shared pool, not per thread: requests run on fresh virtual threads, so the
        // default thread-local pool handed every request new 8 KB buffers (seen in the catch-up profile).
        JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
        this.mapper = builder.build();
        // A frame is at most 64 KiB, so these bounds only stop pathological nesting and numbers.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(40).maxStringLength(1 << 20).build());
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses a client frame; malformed JSON or a non-object becomes {@code BAD_REQUEST}. */
    public Request readRequest(String text) {
        JsonNode tree = readTree(text);
        if (!tree.isObject()) {
            throw ParleyException.badRequest("a request must be a JSON object");
        }
        JsonNode id = tree.get("id");
        if (id != null && !id.isNull() && !id.canConvertToExactIntegral()) {
            throw ParleyException.badRequest("field 'id': expected an integer");
        }
        if (id != null && id.isIntegralNumber() && !id.canConvertToLong()) {
            throw ParleyException.badRequest("field 'id': out of range");
        }
        JsonNode method = tree.get("method");
        Long requestId = id == null || id.isNull() ? null : id.asLong();
        if (method == null || !method.isTextual() || method.asText().isEmpty()) {
            throw new RequestException(requestId, ParleyException.badRequest("field 'method': expected a string"));
        }
        JsonNode params = tree.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new RequestException(requestId, ParleyException.badRequest("field 'params': expected an object"));
        }
        return new Request(requestId, method.asText(), params == null || params.isNull() ? emptyObject() : params);
    }

    public JsonNode readTree(String text) {
        try {
            JsonNode tree = mapper.readTree(text);
            return tree == null ? NullNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            throw ParleyException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    public JsonNode readTree(byte[] bytes) {
        try {
            JsonNode tree = mapper.readTree(bytes);
            return tree == null ? NullNode.getInstance() : tree;
        } catch (java.io.IOException e) {
            throw ParleyException.badRequest("malformed JSON: " + originalMessage(e));
        }
    }

    public ObjectNode emptyObject() {
        return mapper.createObjectNode();
    }

    /** Binds params to a record type; a typed error names the first offending field. */
    public <T> T bind(JsonNode params, Class<T> type) {
        try {
            return mapper.treeToValue(params == null ? emptyObject() : params, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ParleyException typed) {
                throw typed;
            }
            throw ParleyException.badRequest(describe(e));
        } catch (JsonProcessingException e) {
            throw ParleyException.badRequest(describe(e));
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof ParleyException typed) {
                throw typed;
            }
            throw ParleyException.badRequest(e.getMessage());
        }
    }

    public JsonNode toTree(Object value) {
        return mapper.valueToTree(value);
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes the value's JSON as UTF-8 straight into {@code out}: the same text as {@link #write}, without the
     * intermediate String and its re-encoding (a difference page is ~300 KB).
     */
    public void writeTo(Object value, java.io.OutputStream out) throws java.io.IOException {
        mapper.writeValue(out, value);
    }

    public byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static String describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String prefix = field.isEmpty() ? "" : "field '" + field + "': ";
        if (e instanceof InvalidFormatException invalid) {
            return prefix + "expected " + simpleType(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch) {
            return prefix + "expected " + simpleType(mismatch.getTargetType());
        }
        return prefix + originalMessage(e);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }

    private static String originalMessage(java.io.IOException e) {
        return e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
    }

}
