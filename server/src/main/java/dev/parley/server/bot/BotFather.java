package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.account.AuthMethods;
import dev.parley.protocol.bot.BotMethods;
import dev.parley.protocol.message.Entity;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.UserProfile;
import dev.parley.server.message.MessageService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @BotFather}: the built-in chat that creates and manages bots, as Telegram's does. It is an ordinary bot
 * account (owned by itself, so no user's erasure removes it) served in-process: a virtual thread takes its updates from
 * the same queue {@code getUpdates} reads, and it answers through the messaging core as its own account. Users open a
 * private chat with {@code @botfather} and send {@code /newbot}, then the username; the token comes back as a message.
 *
 * <p>Each update is claimed (deleted) before it is handled, so with several nodes polling the one queue each message
 * is answered once. Which command a user is in the middle of (after {@code /newbot} without a username) is kept in
 * memory: a restart forgets it, and the user sends the command again.
 */
final class BotFather implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotFather.class);
    static final String USERNAME = "botfather";
    static final String NAME = "BotFather";
    private static final Duration POLL = Duration.ofSeconds(25);
    private static final List<BotMethods.Command> COMMANDS = List.of(
            new BotMethods.Command("newbot", "create a new bot"),
            new BotMethods.Command("mybots", "list your bots"),
            new BotMethods.Command("token", "get a new token for a bot"),
            new BotMethods.Command("revoke", "revoke a bot's token and get a new one"),
            new BotMethods.Command("cancel", "cancel the current operation"),
            new BotMethods.Command("help", "what I can do"));
    private static final String HELP = """
            I can help you create and manage Parley bots, which speak Telegram's Bot API.

            /newbot - create a new bot
            /mybots - list your bots
            /token - get a new token for a bot (the old one stops working)
            /revoke - revoke a bot's token and get a new one
            /cancel - cancel the current operation""";

    private final BotService bots;
    private final BotStore store;
    private final BotUpdates updates;
    private final MessageService messages;
    private final AccountService accounts;
    private final TelegramJson json;
    private final SecureRandom random;
    private final Clock clock;
    /** The command a user started without its argument ("newbot", "token", "revoke"), by user id. */
    private final Map<Long, String> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Thread worker;
    private volatile long id;

    BotFather(BotService bots, BotStore store, BotUpdates updates, MessageService messages, AccountService accounts,
            TelegramJson json, SecureRandom random, Clock clock) {
        this.bots = bots;
        this.store = store;
        this.updates = updates;
        this.messages = messages;
        this.accounts = accounts;
        this.json = json;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Creates the account on first start (a concurrent start on another node may win the race; then its account is
     * used), then answers messages until closed. If a person already holds the name, BotFather stays off.
     */
    void start() {
        Optional<Long> account = ensureAccount();
        if (account.isEmpty()) {
            log.warn("@{} is taken by a user account: the built-in BotFather chat is off", USERNAME);
            return;
        }
        id = account.get();
        store.replaceCommands(id, COMMANDS);
        worker = Thread.ofVirtual().name("parley-botfather").start(this::run);
    }

    /** BotFather's user id (0 if it is off). */
    long id() {
        return id;
    }

    private Optional<Long> ensureAccount() {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<UserProfile> existing = accounts.findByUsername(USERNAME);
            if (existing.isPresent()) {
                long userId = existing.get().userId();
                boolean ours = UserProfile.KIND_BOT.equals(existing.get().kind())
                        && store.find(userId).map(row -> row.ownerId() == userId).orElse(false);
                return ours ? Optional.of(userId) : Optional.empty();
            }
            String unusableSecret = new BotTokens(random).newSecret();
            long now = clock.instant().getEpochSecond();
            try {
                return Optional.of(accounts.createBotAccount(USERNAME, NAME,
                        (h, userId) -> store.insert(h, userId, userId, BotTokens.hash(unusableSecret), now)));
            } catch (ParleyException e) {
                if (e.code() != ErrorCode.USERNAME_TAKEN) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("@" + USERNAME + " could not be created or found");
    }

    private void run() {
        while (!closed) {
            try {
                for (BotStore.StoredUpdate update : updates.poll(id, null, 100, POLL, List.of("message"))) {
                    if (store.claim(id, update.updateId())) {
                        handle(json.read(update.payload(), "update").path("message"));
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    // Interrupted by close() while talking to the database: nothing to report.
                    return;
                }
                // The failed update was claimed; the loop goes on with the next ones.
                log.error("BotFather failed to handle an update", e);
            }
        }
    }

    /** One message: only private chats with people are served; groups and other bots are ignored. */
    void handle(JsonNode message) {
        if (!"private".equals(message.path("chat").path("type").asText())
                || message.path("from").path("is_bot").asBoolean()) {
            return;
        }
        long chatId = message.path("chat").path("id").asLong();
        long userId = message.path("from").path("id").asLong();
        String text = message.path("text").asText("").strip();
        String reply;
        try {
            reply = answer(userId, text);
        } catch (ParleyException e) {
            reply = "Sorry, that did not work: " + e.getMessage() + ".";
        }
        try {
            messages.send(id, chatId, reply, randomId(), null, List.<Entity>of());
        } catch (ParleyException e) {
            log.info("BotFather could not answer user {}: {}", userId, e.getMessage());
        }
    }

    private String answer(long userId, String text) {
        if (text.startsWith("/")) {
            String[] parts = text.split("\\s+", 2);
            String command = parts[0].substring(1).toLowerCase(Locale.ROOT);
            int at = command.indexOf('@');
            if (at >= 0) {
                command = command.substring(0, at);
            }
            String argument = parts.length > 1 ? parts[1].strip() : "";
            pending.remove(userId);
            return switch (command) {
                case "start", "help" -> HELP;
                case "cancel" -> "OK, nothing to do now. /help shows what I can do.";
                case "mybots" -> myBots(userId);
                case "newbot" -> argument.isEmpty() ? ask(userId, "newbot", """
                        Alright, a new bot. Please choose a username for your bot. It must end in `bot`, like \
                        tetris_bot or TetrisBot. You may add the bot's display name after it: tetris_bot Tetris""")
                        : newBot(userId, argument);
                case "token", "revoke" -> argument.isEmpty() ? chooseBot(userId, command)
                        : newToken(userId, argument);
                default -> "Unrecognized command. Say what? /help shows what I can do.";
            };
        }
        String started = pending.remove(userId);
        if (started == null) {
            return "I understand only commands. /help shows them.";
        }
        return started.equals("newbot") ? newBot(userId, text) : newToken(userId, text);
    }

    private String ask(long userId, String command, String question) {
        pending.put(userId, command);
        return question;
    }

    private String newBot(long userId, String argument) {
        String[] parts = argument.split("\\s+", 2);
        String username = parts[0].startsWith("@") ? parts[0].substring(1) : parts[0];
        String name = parts.length > 1 ? parts[1] : username;
        BotMethods.Created created;
        try {
            BotMethods.Create request = new BotMethods.Create(username, name);
            created = bots.create(userId, request.username(), request.name());
        } catch (ParleyException e) {
            String retry = switch (e.code()) {
                case USERNAME_INVALID -> "Sorry, this username is invalid. It must be 5-32 characters of a-z, 0-9 "
                        + "and _, and end in 'bot'.";
                case USERNAME_TAKEN -> "Sorry, this username is already taken. Please try something different.";
                case DISPLAY_NAME_INVALID -> "Sorry, the name must be 1-" + BotMethods.NAME_MAX + " characters.";
                default -> null;
            };
            if (retry == null) {
                throw e;
            }
            pending.put(userId, "newbot");
            return retry;
        }
        return "Done! Congratulations on your new bot. You will find it at @" + created.username()
                + ". Use this token to access the HTTP API:\n" + created.token()
                + "\nKeep your token secure and store it safely, it can be used by anyone to control your bot.";
    }

    private String newToken(long userId, String argument) {
        String username = argument.startsWith("@") ? argument.substring(1) : argument;
        Optional<BotMethods.Bot> bot;
        try {
            String canonical = AuthMethods.canonicalUsername(username);
            bot = bots.list(userId).bots().stream().filter(b -> b.username().equals(canonical)).findFirst();
        } catch (ParleyException e) {
            bot = Optional.empty();
        }
        if (bot.isEmpty()) {
            return "Invalid bot selected. /mybots lists yours.";
        }
        BotMethods.Created created = bots.revokeToken(userId, bot.get().botUserId());
        return "Your token was replaced with a new one; the old one no longer works. Use this token to access the "
                + "HTTP API:\n" + created.token();
    }

    private String myBots(long userId) {
        List<BotMethods.Bot> mine = bots.list(userId).bots();
        if (mine.isEmpty()) {
            return "You have currently no bots. /newbot creates one.";
        }
        StringBuilder text = new StringBuilder("Your bots:");
        mine.forEach(b -> text.append("\n@").append(b.username()).append(" - ").append(b.name()));
        return text.toString();
    }

    /** Asks which bot (the next message names it), unless there is none to choose. */
    private String chooseBot(long userId, String command) {
        List<BotMethods.Bot> mine = bots.list(userId).bots();
        if (mine.isEmpty()) {
            return "You have currently no bots. /newbot creates one.";
        }
        StringBuilder text = new StringBuilder("Choose a bot (send its username):");
        mine.forEach(b -> text.append("\n@").append(b.username()));
        return ask(userId, command, text.toString());
    }

    private long randomId() {
        long value;
        do {
            value = random.nextLong() & Limits.MAX_SAFE_INTEGER;
        } while (value == 0);
        return value;
    }

    /** Ends the poll loop; the long poll returns at once because {@link BotUpdates} is closed first. */
    @Override
    public void close() {
        closed = true;
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
    }
}
