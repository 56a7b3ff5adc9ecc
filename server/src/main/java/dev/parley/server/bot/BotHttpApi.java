package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.protocol.ParleyException;
import dev.parley.server.gateway.FloodControl;
import dev.parley.server.gateway.HttpRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /bot<token>/<method>}: authenticates the token, applies the per-bot flood limit, decodes the parameters in
 * any of Telegram's encodings, runs the method (names are case-insensitive) and answers in Telegram's envelope
 * {@code {"ok":true,"result":…}} or {@code {"ok":false,"error_code":…,"description":…}} with the same HTTP status.
 * This is the one place where failures become Bot API errors.
 */
public final class BotHttpApi implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(BotHttpApi.class);
    static final String PREFIX = "/bot";

    private final BotService bots;
    private final TelegramJson json;
    private final Map<String, BotCall> methods;
    private final Map<String, String> unsupported;
    private final FloodControl perBot;
    private final FloodControl failedAuth;
    private final MeterRegistry metrics;

    private record BotKey(long botId) {}

    BotHttpApi(BotService bots, TelegramJson json, List<Map<String, BotCall>> methodGroups,
            Map<String, String> unsupported, FloodControl perBot, FloodControl failedAuth, MeterRegistry metrics) {
        this.bots = bots;
        this.json = json;
        Map<String, BotCall> all = new HashMap<>();
        methodGroups.forEach(group -> group.forEach((name, call) -> {
            if (all.putIfAbsent(name, call) != null) {
                throw new IllegalStateException("bot method registered twice: " + name);
            }
        }));
        this.methods = Map.copyOf(all);
        this.unsupported = Map.copyOf(unsupported);
        this.perBot = perBot;
        this.failedAuth = failedAuth;
        this.metrics = metrics;
    }

    /** {@code /bot<token>/<method>}: a slash follows the token, so a static file such as {@code /bot.png} is not. */
    @Override
    public boolean handles(String path) {
        return path.startsWith(PREFIX) && path.indexOf('/', PREFIX.length()) > PREFIX.length();
    }

    @Override
    public String name() {
        return "Bot API";
    }

    @Override
    public Reply handle(FullHttpRequest request, String clientAddress) {
        String path = new QueryStringDecoder(request.uri()).path().substring(PREFIX.length());
        int slash = path.indexOf('/');
        String method = slash < 0 ? "" : path.substring(slash + 1).toLowerCase(Locale.ROOT);
        String tag = methods.containsKey(method) || unsupported.containsKey(method) ? method : "unknown";
        try {
            Object result = run(slash < 0 ? path : path.substring(0, slash), method, request, clientAddress);
            count(tag, 200);
            return reply(200, envelope(result), Map.of());
        } catch (TelegramException e) {
            count(tag, e.errorCode());
            return error(e);
        } catch (RuntimeException e) {
            log.error("Bot API method {} failed", tag, e);
            count(tag, 500);
            return error(new TelegramException(500, "Internal Server Error", null));
        }
    }

    private Object run(String token, String method, FullHttpRequest request, String clientAddress) {
        Optional<BotService.Bot> bot = bots.authenticate(token);
        if (bot.isEmpty()) {
            // Guessing tokens is throttled per address, like failed logins elsewhere.
            throttle(failedAuth, clientAddress);
            throw new TelegramException(401, "Unauthorized", null);
        }
        throttle(perBot, new BotKey(bot.get().id()));
        if (method.isEmpty() || method.contains("/")) {
            throw new TelegramException(404, "Not Found", null);
        }
        BotParams params = BotParams.parse(request, json);
        return call(bot.get(), method, params);
    }

    /** Runs a method as the bot (also for method calls in webhook replies). */
    Object call(BotService.Bot bot, String method, BotParams params) {
        BotCall call = methods.get(method);
        if (call == null) {
            String what = unsupported.get(method);
            if (what != null) {
                throw TelegramException.notSupported(what);
            }
            throw new TelegramException(404, "Not Found", null);
        }
        try {
            return call.call(bot, params);
        } catch (ParleyException e) {
            throw TelegramErrors.translate(e, method);
        }
    }

    /** A webhook reply that names a method: executed as a call of the bot; failures are logged, as nobody waits. */
    void callFromWebhookReply(long botId, JsonNode body) {
        String method = body.get("method").asText().toLowerCase(Locale.ROOT);
        Map<String, JsonNode> values = new HashMap<>();
        body.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        try {
            bots.byId(botId).ifPresent(bot -> call(bot, method, new BotParams(values, json)));
        } catch (TelegramException e) {
            log.info("bot {}: method {} from a webhook reply failed: {}", botId, method, e.description());
        }
    }

    private static void throttle(FloodControl flood, Object key) {
        OptionalInt wait = flood.tryAcquire(key);
        if (wait.isPresent()) {
            throw new TelegramException(429, "Too Many Requests: retry after " + wait.getAsInt(), wait.getAsInt());
        }
    }

    private byte[] envelope(Object result) {
        ObjectNode node = json.object();
        node.put("ok", true);
        if (result instanceof RawValue raw) {
            node.putRawValue("result", raw);
        } else {
            node.set("result", result instanceof JsonNode tree ? tree : json.tree(result));
        }
        return json.writeBytes(node);
    }

    private Reply error(TelegramException e) {
        ObjectNode node = json.object();
        node.put("ok", false);
        node.put("error_code", e.errorCode());
        node.put("description", e.description());
        Map<String, String> headers = Map.of();
        if (e.retryAfter() != null) {
            node.putObject("parameters").put("retry_after", e.retryAfter());
            headers = Map.of("Retry-After", String.valueOf(e.retryAfter()));
        }
        return reply(e.errorCode(), json.writeBytes(node), headers);
    }

    private static Reply reply(int status, byte[] body, Map<String, String> headers) {
        return new Reply(status, "application/json", body, headers);
    }

    private void count(String method, int status) {
        Counter.builder("parley.bot.requests").tag("method", method).tag("status", String.valueOf(status))
                .description("Bot API requests by method and HTTP status").register(metrics).increment();
    }
}
