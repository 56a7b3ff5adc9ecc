package dev.parley.server.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.channel.ChannelMethods.ChannelDifference;
import dev.parley.protocol.channel.ChannelMethods.ChannelState;
import dev.parley.protocol.sync.SyncMethods.Difference;
import dev.parley.protocol.sync.Update;
import dev.parley.server.chat.ChannelService;
import dev.parley.server.sync.SyncService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each bot's queue of Telegram updates. The source of truth is the bot's own Parley update log (the messaging core
 * fans every event of the bot's chats into it, durably, in the event's transaction); this class reads it through
 * {@link SyncService#getDifference}, renders Telegram updates, and stores them in {@code bot_updates} together with
 * the advanced cursor. After a crash nothing is lost or repeated: the cursor and the updates commit together, and a
 * start-up pass catches every bot up. Wake-ups come from {@link BotWakeups}; one thread syncs, so a bot's updates are
 * numbered in log order. Long polls wait on a per-bot signal. Supergroups, which fan out on read and so never write
 * to the bot's log, are read the same way by each chat's seq from a per-chat cursor ({@code bot_chat_cursors}).
 */
public final class BotUpdates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotUpdates.class);
    static final List<String> ALL_KINDS = List.of("message", "edited_message", "channel_post",
            "edited_channel_post", "callback_query", "my_chat_member", "chat_member", "poll", "poll_answer",
            "message_reaction", "message_reaction_count");
    /** Telegram's default: everything except chat_member, message_reaction and message_reaction_count. */
    static final List<String> DEFAULT_KINDS = ALL_KINDS.stream().filter(k -> !k.equals("chat_member")
            && !k.equals("message_reaction") && !k.equals("message_reaction_count")).toList();
    static final Duration KEEP = Duration.ofHours(24);
    private static final int PAGE = 100;

    private final BotStore store;
    private final SyncService sync;
    private final ChannelService channels;
    private final TelegramUpdates telegram;
    private final TelegramJson json;
    private final BotWakeups wakeups;
    private final Clock clock;
    private final Map<Long, Signal> signals = new ConcurrentHashMap<>();
    private final List<java.util.function.LongConsumer> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread worker;
    private volatile boolean closed;
    private long lastTrim;

    /** Version counter per bot: bumped when updates arrive or a newer poll supersedes the waiting one. */
    private static final class Signal {
        long version;
        long pollGeneration;
    }

    BotUpdates(BotStore store, SyncService sync, ChannelService channels, TelegramUpdates telegram, TelegramJson json,
            BotWakeups wakeups, Clock clock) {
        this.store = store;
        this.sync = sync;
        this.channels = channels;
        this.telegram = telegram;
        this.json = json;
        this.wakeups = wakeups;
        this.clock = clock;
        this.worker = Thread.ofVirtual().name("parley-bot-updates").unstarted(this::run);
    }

    /** Registers every bot, catches each up with its log, then follows wake-ups. */
    void start() {
        for (long botId : store.allBotIds()) {
            wakeups.register(botId);
            channels.largeChatIdsOf(botId).forEach(chatId -> wakeups.joinedLarge(botId, chatId));
            wakeups.wake(botId);
        }
        worker.start();
    }

    /** Called (on the sync thread) after new updates were stored for a bot; used by webhook delivery. */
    void onStored(java.util.function.LongConsumer listener) {
        listeners.add(listener);
    }

    private void run() {
        while (!closed) {
            try {
                Long first = wakeups.next(1000);
                trimNow();
                if (first == null) {
                    continue;
                }
                Set<Long> batch = new LinkedHashSet<>();
                batch.add(first);
                for (Long more = wakeups.next(0); more != null; more = wakeups.next(0)) {
                    batch.add(more);
                }
                for (long botId : batch) {
                    syncBot(botId);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The log still holds everything: the next wake-up (or restart) retries from the stored cursor.
                log.error("syncing bot updates failed", e);
            }
        }
    }

    private void trimNow() {
        long now = clock.instant().getEpochSecond();
        if (now - lastTrim >= 600) {
            lastTrim = now;
            store.trim(now - KEEP.toSeconds());
        }
    }

    /** Moves the bot's cursor to the end of its log, storing the Telegram updates on the way. */
    void syncBot(long botId) {
        boolean stored = false;
        while (true) {
            Optional<BotStore.BotRow> row = store.find(botId);
            if (row.isEmpty()) {
                return;
            }
            long from = row.get().syncedPts();
            Difference diff = sync.getDifference(botId, from, PAGE);
            long to = diff.state().pts();
            List<BotStore.NewUpdate> updates = new ArrayList<>();
            if (!Boolean.TRUE.equals(diff.tooLong())) {
                for (Update update : diff.updates()) {
                    updates.addAll(telegram.convert(row.get(), update));
                }
            }
            if (to == from && updates.isEmpty()) {
                break;
            }
            if (store.append(botId, from, to, updates, clock.instant().getEpochSecond())) {
                stored |= !updates.isEmpty();
            }
            if (Boolean.TRUE.equals(diff.tooLong()) || Boolean.TRUE.equals(diff.isFinal())) {
                break;
            }
        }
        stored |= syncSupergroups(botId);
        if (stored) {
            signal(botId);
        }
    }

    /**
     * Supergroups fan out on read, so their events are not in the bot's log: each is read by its seq from the bot's
     * cursor, and the updates are stored with the moved cursor in one transaction. A chat seen for the first time
     * starts at its present end (no history replay, as in Telegram) with a my_chat_member; a chat the bot can no
     * longer read (removed, banned, left) is forgotten with a my_chat_member saying so.
     */
    private boolean syncSupergroups(long botId) {
        Map<Long, Long> cursors = store.chatCursors(botId);
        List<ChannelState> states = channels.getChannelStates(botId).states();
        Set<Long> present = new java.util.HashSet<>();
        states.forEach(st -> present.add(st.chatId()));
        boolean stored = false;
        for (Map.Entry<Long, Long> cursor : cursors.entrySet()) {
            long chatId = cursor.getKey();
            if (!present.contains(chatId)) {
                String last = store.chatStatus(botId, chatId).orElse("member");
                stored |= store.loseChat(botId, chatId, telegram.left(botId, chatId, cursor.getValue(), last),
                        clock.instant().getEpochSecond());
            }
        }
        for (ChannelState state : states) {
            Long cursor = cursors.get(state.chatId());
            if (cursor == null) {
                stored |= store.startChat(botId, state.chatId(), state.seq(), telegram.status(botId, state.chatId()),
                        telegram.joined(botId, state.chatId(), adder(botId, state)), clock.instant().getEpochSecond());
                continue;
            }
            long from = cursor;
            while (from < state.seq()) {
                Optional<BotStore.BotRow> row = store.find(botId);
                if (row.isEmpty()) {
                    return stored;
                }
                ChannelDifference diff;
                try {
                    diff = channels.getDifference(botId, state.chatId(), from, PAGE);
                } catch (ParleyException e) {
                    // Removed from the chat since the states were read: the next sync forgets it.
                    break;
                }
                List<BotStore.NewUpdate> updates = new ArrayList<>();
                String status = null;
                for (Update update : diff.updates()) {
                    updates.addAll(telegram.convert(row.get(), update));
                    if (update instanceof Update.ChatRole role && role.userId() == botId) {
                        status = TelegramRenderer.status(role.role());
                    }
                }
                if (diff.seq() <= from
                        || !store.appendChat(botId, state.chatId(), from, diff.seq(), status, updates,
                                clock.instant().getEpochSecond())) {
                    break;
                }
                stored |= !updates.isEmpty();
                from = diff.seq();
                if (diff.isFinal()) {
                    break;
                }
            }
        }
        return stored;
    }

    /**
     * Who added the bot to a supergroup it has just been seen in, from the chat's latest events (supergroups record
     * additions with their actor); null if not among them (channels record none, appointments are in the admin log).
     */
    private Long adder(long botId, ChannelState state) {
        try {
            List<Update> recent = channels.getDifference(botId, state.chatId(), Math.max(0, state.seq() - PAGE),
                    PAGE).updates();
            Long actor = null;
            for (Update u : recent) {
                if (u instanceof Update.ChatMembership m && m.action().equals("added") && m.userIds().contains(botId)) {
                    actor = m.actorId();
                }
            }
            return actor;
        } catch (ParleyException e) {
            return null;
        }
    }

    /** Wakes long polls and webhook delivery for the bot. */
    void signal(long botId) {
        Signal s = signals.computeIfAbsent(botId, id -> new Signal());
        synchronized (s) {
            s.version++;
            s.notifyAll();
        }
        listeners.forEach(l -> l.accept(botId));
    }

    /**
     * getUpdates: confirms everything below {@code offset}, then returns up to {@code limit} pending updates of the
     * allowed kinds, waiting up to {@code timeout} for the first one. A newer poll for the same bot ends this one
     * with Telegram's 409.
     */
    List<BotStore.StoredUpdate> poll(long botId, Long offset, int limit, Duration timeout, List<String> kinds) {
        long fromId = 0;
        if (offset != null && offset < 0) {
            long last = store.lastUpdateId(botId);
            fromId = Math.max(0, last + offset + 1);
            store.confirmBelow(botId, fromId);
        } else if (offset != null) {
            fromId = offset;
            store.confirmBelow(botId, offset);
        }
        Signal s = signals.computeIfAbsent(botId, id -> new Signal());
        long generation;
        synchronized (s) {
            generation = ++s.pollGeneration;
            s.version++;
            s.notifyAll();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long version;
            synchronized (s) {
                version = s.version;
            }
            List<BotStore.StoredUpdate> found = store.pending(botId, fromId, kinds, limit);
            if (!found.isEmpty() || closed) {
                return found;
            }
            synchronized (s) {
                while (s.version == version && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    try {
                        s.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return List.of();
                    }
                }
                if (s.pollGeneration != generation) {
                    throw new TelegramException(409, "Conflict: terminated by other getUpdates request; make sure "
                            + "that only one bot instance is running", null);
                }
            }
        }
    }

    List<String> allowedKinds(BotStore.BotRow row) {
        if (row.allowedUpdates() == null) {
            return DEFAULT_KINDS;
        }
        List<String> kinds = new ArrayList<>();
        json.read(row.allowedUpdates(), "allowed_updates").forEach(n -> kinds.add(n.asText()));
        List<String> known = kinds.stream().filter(ALL_KINDS::contains).toList();
        // Telegram: an empty list means the default set; kinds Parley never produces simply never arrive.
        return kinds.isEmpty() ? DEFAULT_KINDS : known.isEmpty() ? List.of("none") : known;
    }

    /** Validates a bot's allowed_updates list and returns it as stored JSON. */
    String allowedJson(JsonNode list) {
        if (!list.isArray()) {
            throw TelegramException.badRequest("can't parse allowed_updates JSON array");
        }
        return list.toString();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        for (Signal s : signals.values()) {
            synchronized (s) {
                s.notifyAll();
            }
        }
    }
}
