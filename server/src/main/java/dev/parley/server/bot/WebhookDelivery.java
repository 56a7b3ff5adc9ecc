package dev.parley.server.bot;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a bot's pending updates to its webhook, one at a time and in order, with the secret in
 * {@code X-Telegram-Bot-Api-Secret-Token}. A 2xx reply confirms (deletes) the update, and a reply body that names a
 * {@code method} is executed as a Bot API call, as Telegram allows. Failures are recorded for getWebhookInfo and
 * retried with exponential backoff (1 s doubling to 60 s). One virtual thread per bot with pending updates.
 * The URL is checked again ({@link WebhookUrls}) before every delivery, since DNS answers change.
 */
final class WebhookDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final BotStore store;
    private final WebhookUrls urls;
    private final Clock clock;
    private final BiConsumer<Long, com.fasterxml.jackson.databind.JsonNode> replyMethod;
    private final TelegramJson json;
    // Built on the first delivery, not with the server: an HttpClient loads and initialises several hundred
    // TLS and security classes, a visible share of a cold start that a server without webhooks should not pay.
    private HttpClient http;
    private final Map<Long, Object> running = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WebhookDelivery(BotStore store, WebhookUrls urls, Clock clock, TelegramJson json,
            BiConsumer<Long, com.fasterxml.jackson.databind.JsonNode> replyMethod) {
        this.store = store;
        this.urls = urls;
        this.clock = clock;
        this.json = json;
        this.replyMethod = replyMethod;
    }

    /** Starts delivering for the bot unless a delivery loop already runs for it. */
    void kick(long botId) {
        if (closed) {
            return;
        }
        // A loop in backoff is not woken: new updates must not hammer a failing endpoint.
        if (running.putIfAbsent(botId, Boolean.TRUE) == null) {
            Thread.ofVirtual().name("parley-webhook-" + botId).start(() -> {
                try {
                    deliver(botId);
                } catch (RuntimeException e) {
                    log.error("webhook delivery for bot {} failed", botId, e);
                } finally {
                    running.remove(botId);
                }
                // An update stored while this loop was finishing saw it running and did not start another one.
                if (!closed && hasWork(botId)) {
                    kick(botId);
                }
            });
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    private boolean hasWork(long botId) {
        return store.find(botId).map(bot -> bot.webhookUrl() != null
                && !store.pending(botId, 0, kinds(bot), 1).isEmpty()).orElse(false);
    }

    private void deliver(long botId) {
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            BotStore.BotRow bot = store.find(botId).orElse(null);
            if (bot == null || bot.webhookUrl() == null) {
                return;
            }
            List<String> kinds = kinds(bot);
            List<BotStore.StoredUpdate> next = store.pending(botId, 0, kinds, 1);
            if (next.isEmpty()) {
                return;
            }
            BotStore.StoredUpdate update = next.getFirst();
            String error = post(bot, update);
            if (error == null) {
                store.confirmBelow(botId, update.updateId() + 1);
                backoff = FIRST_BACKOFF;
                continue;
            }
            store.recordWebhookError(botId, clock.instant().getEpochSecond(), error);
            Object lock = locks.computeIfAbsent(botId, id -> new Object());
            synchronized (lock) {
                try {
                    lock.wait(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private List<String> kinds(BotStore.BotRow bot) {
        if (bot.allowedUpdates() == null) {
            return BotUpdates.DEFAULT_KINDS;
        }
        List<String> kinds = new java.util.ArrayList<>();
        json.read(bot.allowedUpdates(), "allowed_updates").forEach(n -> kinds.add(n.asText()));
        return kinds.isEmpty() ? BotUpdates.DEFAULT_KINDS : kinds;
    }

    /** Posts one update; returns null on success or the error text getWebhookInfo shows. */
    private String post(BotStore.BotRow bot, BotStore.StoredUpdate update) {
        URI uri;
        try {
            uri = new URI(bot.webhookUrl());
            if (!urls.allowed(uri.getHost())) {
                return "Webhook address is not allowed";
            }
        } catch (URISyntaxException e) {
            return "Invalid webhook URL";
        } catch (TelegramException e) {
            return "Failed to resolve host";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update.payload(), StandardCharsets.UTF_8));
        if (bot.webhookSecret() != null) {
            request.header(SECRET_HEADER, bot.webhookSecret());
        }
        try {
            HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 != 2) {
                return "Wrong response from the webhook: " + status;
            }
            replyMethodIn(bot.botId(), response.body());
            return null;
        } catch (IOException e) {
            return "Connection failed: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Delivery interrupted";
        }
    }

    private void replyMethodIn(long botId, String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode reply = json.read(body, "webhook reply");
            if (reply.isObject() && reply.hasNonNull("method")) {
                replyMethod.accept(botId, reply);
            }
        } catch (TelegramException e) {
            // Telegram ignores webhook replies that are not a valid method call; so do we, but say so.
            log.debug("bot {}: webhook reply is not a method call: {}", botId, e.description());
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Object lock : locks.values()) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }
}
