package dev.parley.server.db;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The Linux scheduling priority (nice value, -20 … 19) of the calling thread, set through libc's {@code setpriority}
 * with the Foreign Function API. Java's own thread priorities do nothing on Linux unless the JVM runs with
 * {@code -XX:ThreadPriorityPolicy=1} as root, and then for every thread alike.
 *
 * <p>On Linux {@code setpriority(PRIO_PROCESS, tid, nice)} applies to that one thread. Any thread may raise its nice
 * value (yield to others); lowering it below 0 needs CAP_SYS_NICE (root, or a service granted that capability).
 */
public final class ThreadPriority {
    private static final int PRIO_PROCESS = 0;

    private ThreadPriority() {}

    /**
     * Sets the calling thread's nice value. Returns false, changing nothing, where the system refuses (no privilege
     * for a negative value) or has no such call (not Linux).
     */
    public static boolean setNice(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice must be -20 … 19, was " + nice);
        }
        return Libc.HANDLES.map(libc -> libc.setNice(nice)).orElse(false);
    }

    /** The libc entry points, looked up once; empty where they do not exist. */
    private record Libc(MethodHandle gettid, MethodHandle setpriority) {
        static final Optional<Libc> HANDLES = lookup();

        private static Optional<Libc> lookup() {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return Optional.empty();
            }
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            var gettid = libc.find("gettid");
            var setpriority = libc.find("setpriority");
            if (gettid.isEmpty() || setpriority.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Libc(
                    linker.downcallHandle(gettid.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT)),
                    linker.downcallHandle(setpriority.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))));
        }

        boolean setNice(int nice) {
            try {
                int tid = (int) gettid.invokeExact();
                return (int) setpriority.invokeExact(PRIO_PROCESS, tid, nice) == 0;
            } catch (Throwable e) {
                throw new IllegalStateException("setpriority failed", e);
            }
        }
    }
}
