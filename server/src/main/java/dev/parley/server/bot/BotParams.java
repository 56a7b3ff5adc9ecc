package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Bot API call's parameters from any of Telegram's encodings (query string, urlencoded form, JSON body, multipart
 * form), with Telegram's coercions: numbers and booleans may arrive as strings, and objects such as
 * {@code reply_markup} as JSON-serialized strings. Later sources win: query, then body.
 */
final class BotParams {
    private final Map<String, JsonNode> values;
    private final TelegramJson json;

    BotParams(Map<String, JsonNode> values, TelegramJson json) {
        this.values = Map.copyOf(values);
        this.json = json;
    }

    static BotParams parse(FullHttpRequest request, TelegramJson json) {
        Map<String, JsonNode> values = new HashMap<>();
        new QueryStringDecoder(request.uri()).parameters().forEach((name, list) -> {
            if (!list.isEmpty()) {
                values.put(name, TextNode.valueOf(list.getLast()));
            }
        });
        String type = Optional.ofNullable(request.headers().get(HttpHeaderNames.CONTENT_TYPE)).orElse("")
                .toLowerCase(Locale.ROOT);
        boolean hasBody = request.content().isReadable();
        if (hasBody && type.startsWith("application/json")) {
            byte[] body = new byte[request.content().readableBytes()];
            request.content().getBytes(request.content().readerIndex(), body);
            JsonNode tree = json.read(body);
            if (!tree.isObject()) {
                throw TelegramException.badRequest("JSON body must be an object");
            }
            tree.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        } else if (hasBody && (type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/form-data")) && !request.method().equals(HttpMethod.GET)) {
            decodeForm(request, values);
        }
        return new BotParams(values, json);
    }

    private static void decodeForm(FullHttpRequest request, Map<String, JsonNode> values) {
        // In memory: bodies are already bounded by the gateway's aggregator.
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request,
                StandardCharsets.UTF_8);
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload upload) {
                    values.put(upload.getName(), TextNode.valueOf("\u0000file"));
                } else if (data instanceof Attribute attribute) {
                    values.put(attribute.getName(), TextNode.valueOf(attribute.getValue()));
                }
            }
        } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw TelegramException.badRequest("can't parse request body");
        } finally {
            decoder.destroy();
        }
    }

    boolean has(String name) {
        JsonNode value = values.get(name);
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty());
    }

    /** Whether the parameter was an uploaded file (multipart); such calls need the media feature. */
    boolean isFile(String name) {
        JsonNode value = values.get(name);
        return value != null && value.isTextual() && value.asText().equals("\u0000file");
    }

    Optional<String> string(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = values.get(name);
        return Optional.of(value.isTextual() ? value.asText() : value.toString());
    }

    String requireString(String name) {
        return string(name).orElseThrow(() -> missing(name));
    }

    Optional<Long> integer(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = values.get(name);
        if (value.isIntegralNumber()) {
            return Optional.of(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Optional.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                throw TelegramException.badRequest("invalid " + name + " specified");
            }
        }
        throw TelegramException.badRequest("invalid " + name + " specified");
    }

    long requireInteger(String name) {
        return integer(name).orElseThrow(() -> missing(name));
    }

    boolean bool(String name, boolean otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        JsonNode value = values.get(name);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw TelegramException.badRequest("invalid " + name + " specified");
        };
    }

    /** An object or array parameter, given as JSON or (in forms) as a JSON-serialized string. */
    Optional<JsonNode> object(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = values.get(name);
        if (value.isTextual()) {
            return Optional.of(json.read(value.asText(), name));
        }
        return Optional.of(value);
    }

    /** A list of integers: a JSON array, or a JSON-serialized array in a form. */
    List<Long> integers(String name) {
        JsonNode array = object(name).orElseThrow(() -> missing(name));
        if (!array.isArray()) {
            throw TelegramException.badRequest("invalid " + name + " specified");
        }
        java.util.ArrayList<Long> list = new java.util.ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            if (!item.canConvertToExactIntegral() && !(item.isTextual() && item.asText().matches("-?[0-9]{1,18}"))) {
                throw TelegramException.badRequest("invalid " + name + " specified");
            }
            list.add(item.isTextual() ? Long.parseLong(item.asText()) : item.asLong());
        }
        return list;
    }

    /** A chat id: Parley's chat ids are positive integers; {@code @username} chats (channels) do not exist yet. */
    long chatId(String name) {
        if (!has(name)) {
            throw missing(name);
        }
        JsonNode value = values.get(name);
        if (value.isTextual() && value.asText().startsWith("@")) {
            throw TelegramException.badRequest("chat not found");
        }
        long id = requireInteger(name);
        if (id <= 0) {
            throw TelegramException.badRequest("chat not found");
        }
        return id;
    }

    private static TelegramException missing(String name) {
        return TelegramException.badRequest(name + " is empty");
    }
}
