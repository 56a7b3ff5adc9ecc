package dev.parley.server.sync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs periodic maintenance (log trimming, random-id expiry) on one daemon thread. A failing task is logged and
 * retried at the next period; it never stops the others.
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    public record Task(String name, Runnable work) {}

    private final ScheduledExecutorService executor;

    public Housekeeping(Duration period, List<Task> tasks) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-housekeeping").daemon(true).factory());
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(() -> tasks.forEach(Housekeeping::run), millis, millis, TimeUnit.MILLISECONDS);
    }

    private static void run(Task task) {
        try {
            task.work().run();
        } catch (RuntimeException e) {
            log.error("housekeeping task {} failed; retrying next period", task.name(), e);
        }
    }

    /**
     * Stops the timer and waits for a running task to finish, so none still uses the database once its owner closes
     * it (the one-second scheduler of scheduled messages is nearly always due).
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
