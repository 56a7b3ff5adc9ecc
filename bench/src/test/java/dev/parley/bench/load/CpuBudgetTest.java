package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The CPU budget the messaging benchmark prints: real /proc readings, and how a step's CPU is split per message. */
class CpuBudgetTest {
    private static final long TICK_NANOS = 10_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Where the spinning loop's result goes, so the JIT cannot drop the loop. */
    private static volatile long sink;

    /** Spins on the calling thread until it has used {@code nanos} of CPU; returns what it used. */
    private static long burn(long nanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long used = 0;
        long value = 0;
        while (used < nanos) {
            for (int i = 0; i < 10_000; i++) {
                value = value * 31 + i;
            }
            used = THREADS.getCurrentThreadCpuTime() - start;
        }
        sink = value;
        return used;
    }

    @Test
    void theMachineCountsEveryProcessThisOneAndTheCpuItBurnsIncluded() {
        long pid = ProcessHandle.current().pid();
        long machineBefore = Proc.allProcessesCpuNanos();
        long ownBefore = Proc.cpuNanos(pid);

        long burned = burn(TimeUnit.MILLISECONDS.toNanos(300));

        long own = Proc.cpuNanos(pid) - ownBefore;
        long machine = Proc.allProcessesCpuNanos() - machineBefore;
        // Other processes only add to the machine's figure; each reading rounds to ticks.
        assertThat(own).isGreaterThanOrEqualTo(burned - 2 * TICK_NANOS);
        assertThat(machine).isGreaterThanOrEqualTo(own - 2 * TICK_NANOS);
    }

    @Test
    void aServerPartIsTheCpuOfTheThreadsWhoseNameStartsWithItsPrefix() throws Exception {
        long pid = ProcessHandle.current().pid();
        AtomicLong burned = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Linux keeps the first 15 characters of a thread's name: the prefix must match within them.
        Thread burner = Thread.ofPlatform().name("budget-burner-thread-1").start(() -> {
            burned.set(burn(TimeUnit.MILLISECONDS.toNanos(200)));
            done.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

            long counted = Proc.threadCpuNanos(pid, "budget-burner");

            assertThat(counted).isBetween(burned.get() - 2 * TICK_NANOS, burned.get() + 5 * TICK_NANOS);
            assertThat(Proc.threadCpuNanos(pid, "no-such-thread-")).isZero();
        } finally {
            release.countDown();
            burner.join();
        }
    }

    @Test
    void aStepsCpuIsSplitPerDeliveredMessageAndWhatNoProcessAccountsForIsTheRest() {
        // given readings 2,000 messages apart: the machine busy 500 ms, the server 300 ms of which the writer 120,
        // checkpoints 30, event loops 80 and request threads 40; the generator 60 ms
        CpuBudget.Reading before = new CpuBudget.Reading(1_000_000_000L, 5_000_000_000L, 2_000_000_000L,
                100_000_000L, 900_000_000L, 700_000_000L);
        CpuBudget.Reading after = new CpuBudget.Reading(1_500_000_000L, 5_300_000_000L, 2_120_000_000L,
                130_000_000L, 980_000_000L, 740_000_000L);

        CpuBudget budget = CpuBudget.perMessage(before, after, 60_000_000L, 2_000);

        // then each part is its CPU over the messages, in µs; the rest of the server is what its named parts leave,
        // and outside both is what the machine spent beyond the server and the generator
        assertThat(budget).isEqualTo(new CpuBudget(250, 60, 15, 40, 20, 15, 30, 70));
        assertThat(budget.describe()).isEqualTo("machine 250 = writer 60 + checkpoints 15 + event loops 40"
                + " + request threads 20 + rest of server 15 + generator 30 + outside both 70");
        assertThat(budget.toMap()).containsEntry("machine", 250.0).containsEntry("outsideBoth", 70.0);
        assertThat(CpuBudget.allowance(2, 20_000)).isEqualTo(100.0);
        assertThatThrownBy(() -> CpuBudget.perMessage(before, after, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
