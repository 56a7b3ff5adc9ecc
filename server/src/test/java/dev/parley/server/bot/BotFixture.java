package dev.parley.server.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.config.Config;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Users, bots and chats on a real {@link TestServer}, through the real protocol (HTTP {@code /api/<method>}) and the
 * real Bot API ({@code /bot<token>/<method>}) with every parameter encoding. One place for the set-up every Bot API
 * test needs.
 */
final class BotFixture implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofSeconds(70);

    final TestServer server;
    final RawClient client;
    final JsonCodec codec = new JsonCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record User(long id, String username, String token) {}

    record Bot(long id, String username, String token) {}

    record Reply(int status, JsonNode body, HttpHeaders headers) {
        JsonNode result() {
            assertThat(body.path("ok").asBoolean()).as("ok in %s", body).isTrue();
            return body.path("result");
        }

        String description() {
            return body.path("description").asText();
        }
    }

    BotFixture(TestServer server) {
        this.server = server;
        this.client = server.client();
    }

    /** Test config: loopback webhooks allowed (the webhook receivers run on 127.0.0.1). */
    static Config config(Config config) {
        return config.withBots(Config.Bots.defaults().withAllowLoopbackWebhooks(true));
    }

    static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    User register(String prefix) {
        String username = unique(prefix);
        JsonNode result = protocol(null, "auth.register", Map.of("username", username, "password",
                "correct horse battery", "deviceName", "test"));
        return new User(result.path("userId").asLong(), username, result.path("token").asText());
    }

    Bot createBot(User owner, String prefix) {
        String username = unique(prefix) + "_bot";
        JsonNode result = protocol(owner.token(), "bots.create", Map.of("username", username, "name", "Test Bot"));
        return new Bot(result.path("botUserId").asLong(), username, result.path("token").asText());
    }

    /** A protocol call that must succeed; returns its result. */
    JsonNode protocol(String token, String method, Object params) {
        RawClient.HttpReply reply = client.call(method, params, token);
        assertThat(reply.status()).as("%s → %s", method, reply.body()).isEqualTo(200);
        return reply.json().path("result");
    }

    RawClient.HttpReply protocolRaw(String token, String method, Object params) {
        return client.call(method, params, token);
    }

    /** A user, a bot they own, and their private chat. */
    record Pair(User user, Bot bot, long chatId) {}

    Pair pair(String prefix) {
        User user = register("user");
        Bot bot = createBot(user, prefix);
        return new Pair(user, bot, privateChat(user, bot.id()));
    }

    /** The user's view of the chat, newest first. */
    JsonNode history(User user, long chatId) {
        return protocol(user.token(), "messages.getHistory", Map.of("chatId", chatId)).path("messages");
    }

    long privateChat(User user, long peerId) {
        return protocol(user.token(), "chats.createPrivate", Map.of("userId", peerId)).path("chat").path("chatId")
                .asLong();
    }

    long group(User owner, String title, List<Long> members) {
        return protocol(owner.token(), "chats.createGroup", Map.of("title", title, "memberIds", members))
                .path("chat").path("chatId").asLong();
    }

    JsonNode send(User user, long chatId, String text) {
        return protocol(user.token(), "messages.send", Map.of("chatId", chatId, "text", text,
                "randomId", (long) (Math.random() * 1e15) + 1)).path("message");
    }

    JsonNode send(User user, long chatId, String text, long replyToId) {
        return protocol(user.token(), "messages.send", Map.of("chatId", chatId, "text", text,
                "randomId", (long) (Math.random() * 1e15) + 1, "replyToId", replyToId)).path("message");
    }

    // ---- the Bot API ----

    URI botUri(String token, String method) {
        return server.httpUri().resolve("/bot" + token + "/" + method);
    }

    /** POST with a JSON body. */
    Reply api(String token, String method, Map<String, ?> params) {
        return send(HttpRequest.newBuilder(botUri(token, method)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(codec.write(params))));
    }

    Reply api(Bot bot, String method, Map<String, ?> params) {
        return api(bot.token(), method, params);
    }

    /** A call that must succeed; returns the result. */
    JsonNode ok(Bot bot, String method, Map<String, ?> params) {
        Reply reply = api(bot, method, params);
        assertThat(reply.status()).as("%s → %s", method, reply.body()).isEqualTo(200);
        return reply.result();
    }

    /** POST application/x-www-form-urlencoded, every value a string as Telegram libraries send them. */
    Reply form(Bot bot, String method, Map<String, String> params) {
        return send(HttpRequest.newBuilder(botUri(bot.token(), method))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlencode(params))));
    }

    /** GET with the parameters in the query string. */
    Reply get(Bot bot, String method, Map<String, String> params) {
        URI uri = URI.create(botUri(bot.token(), method) + (params.isEmpty() ? "" : "?" + urlencode(params)));
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** POST multipart/form-data. */
    Reply multipart(Bot bot, String method, Map<String, String> params) {
        String boundary = "parley-boundary-42";
        StringBuilder body = new StringBuilder();
        params.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(botUri(bot.token(), method))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static String urlencode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), codec.readTree(response.body()), response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Long-polls until at least one update arrives (the server parks the request; no client-side sleeping). */
    JsonNode awaitUpdates(Bot bot, long offset) {
        JsonNode updates = ok(bot, "getUpdates", Map.of("offset", offset, "timeout", 10));
        assertThat(updates.size()).as("updates within the poll timeout").isPositive();
        return updates;
    }

    /** Reads pushed batches until a new message from the sender arrives. */
    static JsonNode awaitMessageFrom(RawClient.Socket socket, long senderId) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonNode frame = socket.awaitFrame(Duration.between(Instant.now(), deadline));
            for (JsonNode update : frame.path("updates")) {
                JsonNode message = update.path("message");
                if (update.path("type").asText().equals("newMessage")
                        && message.path("senderId").asLong() == senderId) {
                    return message;
                }
            }
        }
        throw new AssertionError("no message from " + senderId + " within 30 s");
    }

    @Override
    public void close() {
        client.close();
    }
}
