package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writer thread's scheduling priority: set on the one thread, as the kernel sees it. */
class ThreadPriorityTest {
    @Test
    void setsTheNiceValueOfTheCallingThreadOnly() throws InterruptedException {
        AtomicBoolean changed = new AtomicBoolean();
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread thread = Thread.ofPlatform().start(() -> {
            changed.set(ThreadPriority.setNice(7));
            seen.set(currentNice());
        });
        thread.join();

        assertThat(changed).isTrue();
        assertThat(seen.get()).isEqualTo(7);
        assertThat(currentNice()).as("the calling test thread is untouched").isNotEqualTo(7);
    }

    @Test
    void rejectsValuesOutsideTheKernelsRange() {
        assertThatThrownBy(() -> ThreadPriority.setNice(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadPriority.setNice(-21)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Field 19 of /proc/thread-self/stat, counted after the command name (which may hold spaces). */
    static int currentNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
