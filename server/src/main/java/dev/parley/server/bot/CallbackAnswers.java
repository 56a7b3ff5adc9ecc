package dev.parley.server.bot;

import dev.parley.protocol.bot.BotMethods.ButtonAnswer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Button presses waiting for the bot's answerCallbackQuery. In memory on the node where the user pressed: an answer
 * after the wait (or after a restart) is refused as Telegram refuses answers to old queries.
 */
final class CallbackAnswers {
    private record Pending(long botId, CompletableFuture<ButtonAnswer> answer) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random;

    CallbackAnswers(SecureRandom random) {
        this.random = random;
    }

    String open(long botId) {
        String id = Long.toUnsignedString(random.nextLong() >>> 1);
        pending.put(id, new Pending(botId, new CompletableFuture<>()));
        return id;
    }

    ButtonAnswer await(String queryId, Duration timeout) {
        Pending p = pending.get(queryId);
        try {
            return p.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return ButtonAnswer.none();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ButtonAnswer.none();
        } catch (ExecutionException e) {
            throw new IllegalStateException("callback answers never complete exceptionally", e);
        } finally {
            pending.remove(queryId);
        }
    }

    void cancel(String queryId) {
        pending.remove(queryId);
    }

    /** Completes the press the bot answers; false if no such press of this bot is waiting. */
    boolean answer(long botId, String queryId, ButtonAnswer answer) {
        Pending p = pending.get(queryId);
        if (p == null || p.botId() != botId) {
            return false;
        }
        return p.answer().complete(answer);
    }
}
