package dev.parley.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went during a messaging step, in microseconds per delivered message: the whole machine
 * (every process, the kernel's own threads included), the server's threads by role, the generator, and the other
 * processes (outside both: mostly the kernel's writeback and softirq threads). A throughput target is a CPU budget:
 * two cores at 20,000 messages/s leave 100 µs per message for everything on the machine, and this says which part
 * spends how much of it.
 */
record CpuBudget(double machine, double writer, double checkpoints, double eventLoops, double requestThreads,
        double restOfServer, double generator, double outside) {
    /** The single SQLite writer. */
    static final String WRITER_THREADS = "parley-db-write";
    /** The background WAL checkpointer. */
    static final String CHECKPOINT_THREADS = "parley-db-check";
    /** Netty's event loops ("multiThreadIoEventLoopGroup-…", cut to 15 characters by Linux): sockets and frames. */
    static final String EVENT_LOOP_THREADS = "multiThreadIoEv";
    /** Carriers of the virtual threads that run requests. */
    static final String REQUEST_THREADS = "ForkJoinPool-";

    /** The server's and the machine's CPU counters at one moment, in nanoseconds. */
    record Reading(long machine, long server, long writer, long checkpoints, long eventLoops,
            long requestThreads) {
        static Reading take(ServerCluster server) {
            return new Reading(Proc.allProcessesCpuNanos(), server.cpuNanos(), server.threadCpuNanos(WRITER_THREADS),
                    server.threadCpuNanos(CHECKPOINT_THREADS), server.threadCpuNanos(EVENT_LOOP_THREADS),
                    server.threadCpuNanos(REQUEST_THREADS));
        }
    }

    /**
     * The CPU spent between two readings, with the generator's CPU over the same time, divided by the messages
     * delivered in it.
     */
    static CpuBudget perMessage(Reading before, Reading after, long generatorNanos, long messages) {
        if (messages <= 0) {
            throw new IllegalArgumentException("no messages to divide by: " + messages);
        }
        double perMessage = 1e3 * messages;
        long server = after.server() - before.server();
        long writer = after.writer() - before.writer();
        long checkpoints = after.checkpoints() - before.checkpoints();
        long eventLoops = after.eventLoops() - before.eventLoops();
        long requestThreads = after.requestThreads() - before.requestThreads();
        long machine = after.machine() - before.machine();
        return new CpuBudget(machine / perMessage, writer / perMessage, checkpoints / perMessage,
                eventLoops / perMessage, requestThreads / perMessage,
                (server - writer - checkpoints - eventLoops - requestThreads) / perMessage, generatorNanos / perMessage,
                (machine - server - generatorNanos) / perMessage);
    }

    /** CPU per message that {@code cores} cores allow at {@code messagesPerSecond}, in microseconds. */
    static double allowance(int cores, double messagesPerSecond) {
        return cores * 1e6 / messagesPerSecond;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("machine", Histogram.round2(machine));
        map.put("writer", Histogram.round2(writer));
        map.put("checkpoints", Histogram.round2(checkpoints));
        map.put("eventLoops", Histogram.round2(eventLoops));
        map.put("requestThreads", Histogram.round2(requestThreads));
        map.put("restOfServer", Histogram.round2(restOfServer));
        map.put("generator", Histogram.round2(generator));
        map.put("outsideBoth", Histogram.round2(outside));
        return map;
    }

    /** One line: the machine's total and its parts. */
    String describe() {
        return String.format("machine %.0f = writer %.0f + checkpoints %.0f + event loops %.0f + request threads %.0f"
                        + " + rest of server %.0f + generator %.0f + outside both %.0f", machine, writer, checkpoints,
                eventLoops, requestThreads, restOfServer, generator, outside);
    }
}
