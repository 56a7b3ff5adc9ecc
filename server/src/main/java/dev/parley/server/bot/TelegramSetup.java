package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.protocol.bot.BotMethods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The Bot API methods about the bot itself: identity, receiving updates (polling, webhook) and its commands. */
final class TelegramSetup {
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");
    /** Longest long poll; Telegram's own limit is about 50 seconds. */
    static final int MAX_POLL_SECONDS = 50;

    private final BotStore store;
    private final BotUpdates updates;
    private final WebhookUrls webhooks;
    private final TelegramJson json;

    TelegramSetup(BotStore store, BotUpdates updates, WebhookUrls webhooks, TelegramJson json) {
        this.store = store;
        this.updates = updates;
        this.webhooks = webhooks;
        this.json = json;
    }

    Map<String, BotCall> methods() {
        return Map.ofEntries(
                Map.entry("getme", (bot, p) -> new Tg.User(bot.id(), true, bot.profile().displayName(),
                        bot.profile().username(), true, !bot.row().privacyMode(), false)),
                // Parley is its own Bot API server: there is no cloud session to log out of or instance to close.
                Map.entry("logout", (bot, p) -> true),
                Map.entry("close", (bot, p) -> true),
                Map.entry("getupdates", this::getUpdates),
                Map.entry("setwebhook", this::setWebhook),
                Map.entry("deletewebhook", (bot, p) -> {
                    store.setWebhook(bot.id(), null, null, null, p.bool("drop_pending_updates", false));
                    return true;
                }),
                Map.entry("getwebhookinfo", this::getWebhookInfo),
                Map.entry("setmycommands", this::setMyCommands),
                Map.entry("getmycommands", (bot, p) -> {
                    requireDefaultScope(p);
                    return store.commands(bot.id()).stream()
                            .map(c -> new Tg.BotCommand(c.command(), c.description())).toList();
                }),
                Map.entry("deletemycommands", (bot, p) -> {
                    requireDefaultScope(p);
                    store.replaceCommands(bot.id(), List.of());
                    return true;
                }));
    }

    private Object getUpdates(BotService.Bot bot, BotParams p) {
        if (bot.row().webhookUrl() != null) {
            throw new TelegramException(409, "Conflict: can't use getUpdates method while webhook is active; use "
                    + "deleteWebhook to delete the webhook first", null);
        }
        Long offset = p.integer("offset").orElse(null);
        int limit = (int) Math.max(1, Math.min(100, p.integer("limit").orElse(100L)));
        long timeout = Math.max(0, Math.min(MAX_POLL_SECONDS, p.integer("timeout").orElse(0L)));
        BotStore.BotRow row = bot.row();
        if (p.has("allowed_updates")) {
            String allowed = updates.allowedJson(p.object("allowed_updates").orElseThrow());
            store.setAllowedUpdates(bot.id(), allowed);
            row = store.find(bot.id()).orElseThrow();
        }
        List<BotStore.StoredUpdate> found = updates.poll(bot.id(), offset, limit, Duration.ofSeconds(timeout),
                updates.allowedKinds(row));
        // The payloads are stored as served: splice them in without parsing them again.
        return new RawValue("[" + String.join(",", found.stream().map(BotStore.StoredUpdate::payload).toList())
                + "]");
    }

    private Object setWebhook(BotService.Bot bot, BotParams p) {
        String url = p.string("url").orElse("");
        boolean drop = p.bool("drop_pending_updates", false);
        if (url.isEmpty()) {
            store.setWebhook(bot.id(), null, null, null, drop);
            return true;
        }
        webhooks.validate(url);
        String secret = p.string("secret_token").orElse(null);
        if (secret != null && !SECRET.matcher(secret).matches()) {
            throw TelegramException.badRequest("secret token contains unallowed characters");
        }
        String allowed = p.object("allowed_updates").map(updates::allowedJson).orElse(null);
        store.setWebhook(bot.id(), url, secret, allowed, drop);
        updates.signal(bot.id());
        return true;
    }

    private Object getWebhookInfo(BotService.Bot bot, BotParams p) {
        BotStore.BotRow row = bot.row();
        List<String> allowed = null;
        if (row.allowedUpdates() != null) {
            allowed = new ArrayList<>();
            for (JsonNode kind : json.read(row.allowedUpdates(), "allowed_updates")) {
                allowed.add(kind.asText());
            }
        }
        return new Tg.WebhookInfo(row.webhookUrl() == null ? "" : row.webhookUrl(), false,
                store.countPending(bot.id()), row.webhookUrl() == null ? null : row.lastErrorDate(),
                row.webhookUrl() == null ? null : row.lastErrorText(), allowed);
    }

    private Object setMyCommands(BotService.Bot bot, BotParams p) {
        requireDefaultScope(p);
        JsonNode list = p.object("commands").orElseThrow(() -> TelegramException.badRequest("commands is empty"));
        if (!list.isArray() || list.size() > 100) {
            throw TelegramException.badRequest("can't parse commands JSON array");
        }
        List<BotMethods.Command> commands = new ArrayList<>();
        for (JsonNode c : list) {
            String command = c.path("command").asText("").replaceFirst("^/", "");
            String description = c.path("description").asText("");
            if (!COMMAND.matcher(command).matches()) {
                throw TelegramException.badRequest("BOT_COMMAND_INVALID");
            }
            if (description.isBlank() || description.codePointCount(0, description.length()) > 256) {
                throw TelegramException.badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }
            commands.add(new BotMethods.Command(command, description));
        }
        store.replaceCommands(bot.id(), commands);
        return true;
    }

    /** Per-scope and per-language command lists are not kept yet; the default list is. */
    private static void requireDefaultScope(BotParams p) {
        if (p.object("scope").map(s -> !"default".equals(s.path("type").asText())).orElse(false)) {
            throw TelegramException.notSupported("command scopes other than default");
        }
        if (p.has("language_code")) {
            throw TelegramException.notSupported("per-language commands");
        }
    }
}
