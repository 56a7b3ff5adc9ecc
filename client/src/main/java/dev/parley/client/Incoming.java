package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.UpdateBatch;
import java.util.ArrayList;
import java.util.List;

/** A decoded server → client frame: a reply to a request, or a pushed update batch. */
sealed interface Incoming {
    /** A reply: {@code error} is present on failure, else {@code result} (possibly an empty object). */
    record Reply(long id, JsonNode result, ErrorBody error) implements Incoming {}

    /** An error reply the server could not tie to a request (e.g. a frame it could not parse). */
    record UncorrelatedError(ErrorBody error) implements Incoming {}

    record Push(UpdateBatch batch) implements Incoming {}

    /**
     * Decodes one frame. A frame that is neither shape is a protocol violation by the server and is reported as
     * {@code INTERNAL} to the caller, which logs it: the connection itself stays usable.
     */
    static Incoming decode(JsonCodec codec, String text) {
        JsonNode tree = codec.readTree(text);
        if (!tree.isObject()) {
            throw new ParleyException(dev.parley.protocol.ErrorCode.INTERNAL, "server sent a non-object frame");
        }
        JsonNode id = tree.get("id");
        JsonNode error = tree.get("error");
        if (id != null && id.canConvertToExactIntegral()) {
            return error != null && !error.isNull()
                    ? new Reply(id.asLong(), null, codec.bind(error, ErrorBody.class))
                    : new Reply(id.asLong(), tree.has("result") ? tree.get("result") : codec.emptyObject(), null);
        }
        if (error != null && error.isObject()) {
            return new UncorrelatedError(codec.bind(error, ErrorBody.class));
        }
        JsonNode updates = tree.get("updates");
        if (updates != null && updates.isArray()) {
            List<Object> items = new ArrayList<>(updates.size());
            updates.forEach(items::add);
            return new Push(new UpdateBatch(items, tree.path("pts").asLong(), tree.path("ptsCount").asInt()));
        }
        throw new ParleyException(dev.parley.protocol.ErrorCode.INTERNAL,
                "server sent a frame that is neither a reply nor an update batch");
    }
}
