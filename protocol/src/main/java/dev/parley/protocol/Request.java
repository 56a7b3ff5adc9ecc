package dev.parley.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Client → server frame: {@code {"id":17,"method":"messages.send","params":{…}}}. The id is opaque to the server and
 * echoed in the reply; it may be absent on HTTP, where the reply is the HTTP response.
 */
public record Request(Long id, String method, JsonNode params) {}
