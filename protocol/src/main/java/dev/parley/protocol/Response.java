package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Server → client reply: exactly one of {@code result} and {@code error} is present. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Response(Long id, Object result, ErrorBody error) {
    public static Response ok(Long id, Object result) {
        return new Response(id, result, null);
    }

    public static Response failure(Long id, ErrorBody error) {
        return new Response(id, null, error);
    }
}
