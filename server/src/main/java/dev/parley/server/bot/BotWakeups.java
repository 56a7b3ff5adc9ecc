package dev.parley.server.bot;

import dev.parley.server.sync.Bus;
import dev.parley.server.sync.Push;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Taps the messaging core's {@link Bus}: every committed push passes through to the real bus, and pushes addressed to
 * a bot account become a wake-up for that bot, which {@link BotUpdates} turns into Telegram updates by reading the
 * bot's update log. The bus is wired before the bot feature exists (the messaging services need it), so wake-ups are
 * queued here and consumed later; the queue holds bot ids only, never payloads.
 */
public final class BotWakeups implements Bus {
    private final Bus delegate;
    private final Set<Long> bots = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Long> pending = new LinkedBlockingQueue<>();

    public BotWakeups(Bus delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void publish(List<Push> pushes) {
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
