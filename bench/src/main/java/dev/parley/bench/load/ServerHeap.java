package dev.parley.bench.load;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The server heap of the throughput scenarios (a picocli mixin). A server that has run for a while has touched its
 * heap; a freshly started one has not, and for its first minutes every new heap page is a page fault the kernel
 * answers with a zeroed page. In a two-minute benchmark that start-up cost was a sixth of both cores
 * (docs/PERFORMANCE.md), so by default these scenarios measure the steady state: a fixed heap touched at start, the
 * launcher's {@code PARLEY_HEAP} setting. {@code --server-heap none} measures a cold JVM with the default heap.
 */
public final class ServerHeap {
    @Option(names = "--server-heap", defaultValue = "2g",
            description = "fixed, pre-touched server heap (e.g. 2g), or none for the JVM default (default: ${DEFAULT-VALUE})")
    String heap;

    /** The server JVM options for the chosen heap. */
    List<String> jvmOptions() {
        if ("none".equals(heap)) {
            return List.of();
        }
        if (!heap.matches("[0-9]+[mMgG]")) {
            throw new IllegalArgumentException("--server-heap must be a size such as 512m or 2g, or none; was " + heap);
        }
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch");
    }

    /** The scenario's server launch: the common one with this heap. */
    ServerProcess.Launch apply(ServerProcess.Launch launch) {
        return launch.withJvmOptions(jvmOptions());
    }
}
