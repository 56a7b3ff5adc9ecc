package dev.parley.server.bot;

import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Push;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Taps the messaging core's {@link Bus}: every committed push passes through to the real bus, and pushes addressed to
 * a bot account become a wake-up for that bot, which {@link BotUpdates} turns into Telegram updates by reading the
 * bot's update log. The bus is wired before the bot feature exists (the messaging services need it), so wake-ups are
 * queued here and consumed later; the queue holds bot ids only, never payloads.
 */
public final class BotWakeups implements Bus {
    private final Bus delegate;
    private final Set<Long> bots = ConcurrentHashMap.newKeySet();
    /** The bots in each large chat, so a chat's push wakes exactly them. */
    private final Map<Long, Set<Long>> botsByChat = new ConcurrentHashMap<>();
    private final BlockingQueue<Long> pending = new LinkedBlockingQueue<>();
    /** Pushes held back on the current thread by {@link #holdingPushes}. */
    private final ThreadLocal<List<Push>> held = new ThreadLocal<>();

    public BotWakeups(Bus delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void publish(List<Push> pushes) {
        List<Push> buffer = held.get();
        if (buffer != null) {
            buffer.addAll(pushes);
            return;
        }
        deliver(pushes);
    }

    /** A large-chat event wakes the bots in that chat; they read it with the chat's seq (not their own log). */
    @Override
    public void publishToChat(dev.parley.server.sync.ChatPush push) {
        delegate.publishToChat(push);
        Set<Long> inChat = botsByChat.get(push.chatId());
        if (inChat != null) {
            inChat.forEach(pending::offer);
        }
    }

    @Override
    public void joinedChat(long userId, long chatId) {
        delegate.joinedChat(userId, chatId);
        if (bots.contains(userId)) {
            joinedLarge(userId, chatId);
            pending.offer(userId);
        }
    }

    /** A bot that left or lost a large chat is woken to tell it so (my_chat_member). */
    @Override
    public void leftChat(long userId, long chatId) {
        delegate.leftChat(userId, chatId);
        Set<Long> inChat = botsByChat.get(chatId);
        if (inChat != null) {
            inChat.remove(userId);
        }
        if (bots.contains(userId)) {
            pending.offer(userId);
        }
    }

    /** Records that a bot is in a large chat (at start, for chats joined before). */
    void joinedLarge(long botId, long chatId) {
        botsByChat.computeIfAbsent(chatId, c -> ConcurrentHashMap.newKeySet()).add(botId);
    }

    /**
     * Runs work that commits a bot's message and then what belongs to it outside the messaging core (its keyboard),
     * holding back the pushes the work produces on this thread until it returns: a client that fetches the keyboard
     * as soon as the message arrives finds it. The pushes go out even if the work fails after the message committed.
     */
    <T> T holdingPushes(Supplier<T> work) {
        List<Push> buffer = new ArrayList<>();
        held.set(buffer);
        try {
            return work.get();
        } finally {
            held.remove();
            deliver(buffer);
        }
    }

    private void deliver(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return;
        }
        delegate.publish(pushes);
        for (Push push : pushes) {
            if (bots.contains(push.userId()) && push.batch().ptsCount() > 0) {
                pending.offer(push.userId());
            }
        }
    }

    void register(long botId) {
        bots.add(botId);
    }

    boolean isBot(long userId) {
        return bots.contains(userId);
    }

    void wake(long botId) {
        pending.offer(botId);
    }

    /** The next bot to sync, or null after the timeout. */
    Long next(long timeoutMillis) throws InterruptedException {
        return pending.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
