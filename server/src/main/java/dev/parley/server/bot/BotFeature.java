package dev.parley.server.bot;

import dev.parley.server.account.AccountErasure;
import dev.parley.server.account.AccountService;
import dev.parley.server.chat.ChatService;
import dev.parley.server.config.Config;
import dev.parley.server.db.Database;
import dev.parley.server.gateway.FloodControl;
import dev.parley.server.gateway.HttpRoute;
import dev.parley.server.gateway.Method;
import dev.parley.server.message.MessageService;
import dev.parley.server.message.MessagingFeature;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The bot feature wired in one place (ParleyServer only sees this): the user-side methods, the {@code /bot} HTTP
 * surface, and the background parts (update sync, webhook delivery) it starts and stops.
 */
public final class BotFeature implements AutoCloseable {
    /** Methods of the Bot API that need features Parley does not have yet, and what to call them in the 400. */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("editchatinvitelink", "editing invite links"),
            Map.entry("sendphoto", "sending media"), Map.entry("sendaudio", "sending media"),
            Map.entry("senddocument", "sending media"), Map.entry("sendvideo", "sending media"),
            Map.entry("sendanimation", "sending media"), Map.entry("sendvoice", "sending media"),
            Map.entry("sendvideonote", "sending media"), Map.entry("sendmediagroup", "sending media"),
            Map.entry("sendsticker", "sending media"), Map.entry("sendpaidmedia", "sending media"),
            Map.entry("editmessagemedia", "media"), Map.entry("editmessagecaption", "media"),
            Map.entry("getfile", "media"), Map.entry("setchatphoto", "media"),
            Map.entry("sendlocation", "sending locations"), Map.entry("sendvenue", "sending venues"),
            Map.entry("sendcontact", "sending contacts"), Map.entry("senddice", "sending dice"),
            Map.entry("answerinlinequery", "inline mode"));

    private final BotService bots;
    private final BotsApi api;
    private final BotHttpApi http;
    private final BotUpdates updates;
    private final WebhookDelivery webhooks;
    private final BotStore store;
    private final BotFather botFather;
    private final BotErasure erasure;

    public BotFeature(Config.Bots config, Database database, AccountService accounts, MessagingFeature messaging,
            BotWakeups wakeups, MeterRegistry metrics, Clock clock) {
        ChatService chats = messaging.chats;
        MessageService messages = messaging.messages;
        SecureRandom random = new SecureRandom();
        TelegramJson json = new TelegramJson();
        BotStore store = new BotStore(database);
        this.bots = new BotService(accounts, store, new BotTokens(random), wakeups, clock);
        TelegramRenderer render = new TelegramRenderer(chats, messaging.moderation, database, messaging.history,
                accounts, store, json);
        this.updates = new BotUpdates(store, messaging.sync, messaging.channels,
                new TelegramUpdates(render, json, clock), json, wakeups, clock);
        CallbackAnswers callbacks = new CallbackAnswers(random);
        WebhookUrls urls = new WebhookUrls(config.allowLoopbackWebhooks());
        this.http = new BotHttpApi(bots, json, List.of(
                new TelegramSetup(store, updates, urls, json).methods(),
                new TelegramMessages(messages, wakeups, messaging.typing, store, render, callbacks, random).methods(),
                new TelegramChats(chats, messaging.channels, render).methods(),
                new TelegramModeration(chats, messaging.moderation, messaging.invites, render, json, clock)
                        .methods(),
                new TelegramPosts(messaging.posts, render, random, clock).methods()),
                UNSUPPORTED, new FloodControl(config.requestsPerSecond(), config.burst()),
                new FloodControl(5, 20), metrics);
        this.webhooks = new WebhookDelivery(store, urls, clock, json, http::callFromWebhookReply);
        this.store = store;
        this.api = new BotsApi(bots, new ButtonService(store, render, updates, callbacks, json, clock));
        updates.onStored(webhooks::kick);
        this.erasure = new BotErasure(store, chats, messaging.erasure, accounts);
        this.botFather = new BotFather(bots, store, updates, messages, accounts, json, random, clock);
    }

    /** Catches every bot up with its log, resumes webhook deliveries, then follows new events. */
    public void start() {
        botFather.start();
        updates.start();
        store.allBotIds().forEach(webhooks::kick);
    }

    public List<Method<?, ?>> methods() {
        return api.methods();
    }

    /** Erases the bots a deleted account owns (run inside account deletion, before messaging's erasure). */
    public AccountErasure erasure() {
        return erasure;
    }

    public HttpRoute httpRoute() {
        return http;
    }

    public BotService bots() {
        return bots;
    }

    /** The built-in {@code @botfather} account's user id (0 when a user account holds that name). */
    public long botFatherId() {
        return botFather.id();
    }

    /** Ends long polls and webhook retries so the gateway's drain is not held up by them. */
    @Override
    public void close() {
        updates.close();
        botFather.close();
        webhooks.close();
    }
}
