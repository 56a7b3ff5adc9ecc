package dev.parley.server.bot;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.bot.BotMethods;
import dev.parley.server.account.AccountService;
import dev.parley.server.account.UserProfile;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Bot accounts and their tokens: {@code bots.create} makes an account of kind bot owned by the caller; only the owner
 * lists, re-tokens or configures it (another user's bot id is answered exactly like one that does not exist). Also
 * resolves Bot API tokens to bots.
 */
public final class BotService {
    /** Telegram's limit of bots per owner. */
    static final int MAX_BOTS_PER_OWNER = 20;

    private final AccountService accounts;
    private final BotStore store;
    private final BotTokens tokens;
    private final BotWakeups wakeups;
    private final Clock clock;

    public BotService(AccountService accounts, BotStore store, BotTokens tokens, BotWakeups wakeups, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.store = Objects.requireNonNull(store, "store");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.wakeups = Objects.requireNonNull(wakeups, "wakeups");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An authenticated bot: its row and its account's profile. */
    public record Bot(BotStore.BotRow row, UserProfile profile) {
        public long id() {
            return row.botId();
        }
    }

    /** {@code bots.create}: the account and the bot row in one transaction; the token is returned once. */
    public BotMethods.Created create(long ownerId, String username, String name) {
        UserProfile owner = accounts.findById(ownerId)
                .orElseThrow(() -> new ParleyException(ErrorCode.SESSION_REVOKED, "the account no longer exists"));
        if (!UserProfile.KIND_USER.equals(owner.kind())) {
            throw new ParleyException(ErrorCode.FORBIDDEN, "bots cannot create bots");
        }
        if (store.ownedBy(ownerId).size() >= MAX_BOTS_PER_OWNER) {
            throw new ParleyException(ErrorCode.BOT_LIMIT_REACHED,
                    "an account owns at most " + MAX_BOTS_PER_OWNER + " bots");
        }
        String secret = tokens.newSecret();
        long now = clock.instant().getEpochSecond();
        long botId = accounts.createBotAccount(username, name,
                (h, userId) -> store.insert(h, userId, ownerId, BotTokens.hash(secret), now));
        wakeups.register(botId);
        return new BotMethods.Created(botId, username, BotTokens.token(botId, secret));
    }

    /** {@code bots.list}: the caller's bots, oldest first. */
    public BotMethods.Bots list(long ownerId) {
        List<BotStore.BotRow> rows = store.ownedBy(ownerId);
        Map<Long, UserProfile> profiles = accounts.findByIds(rows.stream().map(BotStore.BotRow::botId).toList());
        return new BotMethods.Bots(rows.stream().filter(r -> profiles.containsKey(r.botId()))
                .map(r -> new BotMethods.Bot(r.botId(), profiles.get(r.botId()).username(),
                        profiles.get(r.botId()).displayName(), r.privacyMode(), r.createdAt()))
                .toList());
    }

    /** {@code bots.revokeToken}: the old token stops working at once; the new one is returned. */
    public BotMethods.Created revokeToken(long ownerId, long botId) {
        String secret = tokens.newSecret();
        if (!store.replaceToken(ownerId, botId, BotTokens.hash(secret))) {
            throw notFound();
        }
        String username = accounts.findById(botId).map(UserProfile::username).orElseThrow(BotService::notFound);
        return new BotMethods.Created(botId, username, BotTokens.token(botId, secret));
    }

    /** {@code bots.setPrivacy}: privacy on (the default) means the bot sees only commands, replies and mentions. */
    public void setPrivacy(long ownerId, long botId, boolean enabled) {
        if (!store.setPrivacy(ownerId, botId, enabled)) {
            throw notFound();
        }
    }

    /** {@code bots.getCommands}: public, so any client can suggest a bot's commands. */
    public BotMethods.Commands commands(long botId) {
        store.find(botId).orElseThrow(BotService::notFound);
        return new BotMethods.Commands(store.commands(botId));
    }

    /** The bot a Bot API token belongs to; empty for malformed, unknown or revoked tokens. */
    public Optional<Bot> authenticate(String token) {
        Optional<BotTokens.Parsed> parsed = BotTokens.parse(token);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = BotTokens.hash(parsed.get().secret()).getBytes(StandardCharsets.US_ASCII);
        return store.find(parsed.get().botId())
                .filter(row -> MessageDigest.isEqual(presented, row.tokenHash().getBytes(StandardCharsets.US_ASCII)))
                .flatMap(row -> accounts.findById(row.botId()).map(profile -> new Bot(row, profile)));
    }

    /** The bot by id, for work that is not a token-authenticated request (webhook replies). */
    public Optional<Bot> byId(long botId) {
        return store.find(botId).flatMap(row -> accounts.findById(botId).map(profile -> new Bot(row, profile)));
    }

    private static ParleyException notFound() {
        return new ParleyException(ErrorCode.BOT_NOT_FOUND, "no such bot of yours");
    }
}
