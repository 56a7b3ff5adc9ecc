package dev.parley.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Authenticated connections for a scenario, spread over generator processes: the first {@code perProcess} in this
 * JVM, each further {@code perProcess} in a child process ({@link GeneratorWorker.Remote}) connecting from its own
 * range of 127.0.0.x source addresses. Connection i authenticates as {@code users.get(i)}.
 */
final class WorkerPool implements AutoCloseable {
    private final LoadGenerator generator;
    private final List<Users.User> users;
    private final int perProcess;
    private final Path javaHome;
    private final List<URI> wsUris;
    private final int sourceAddresses;
    private final Path tokenDir;
    private final List<GeneratorWorker> workers = new ArrayList<>();
    private int held;

    WorkerPool(LoadGenerator generator, List<Users.User> users, int perProcess, Path javaHome, int sourceAddresses)
            throws IOException {
        if (perProcess < 1 || perProcess > 19_000) {
            throw new IllegalArgumentException("connections per process must be 1–19,000");
        }
        this.generator = generator;
        this.users = users;
        this.perProcess = perProcess;
        this.javaHome = javaHome;
        this.wsUris = generator.wsUris();
        this.sourceAddresses = sourceAddresses;
        this.tokenDir = Files.createTempDirectory("parley-bench-tokens-");
    }

    /** Opens connections until {@code target} are held: this process first, then child processes. */
    void grow(int target) throws IOException, InterruptedException {
        if (target > users.size()) {
            throw new IllegalArgumentException("only " + users.size() + " users for " + target + " connections");
        }
        while (held < target) {
            int workerIndex = held / perProcess;
            if (workerIndex == workers.size()) {
                int first = workerIndex * perProcess;
                List<Users.User> share = users.subList(first, Math.min(users.size(), first + perProcess));
                if (workerIndex == 0) {
                    workers.add(new GeneratorWorker.Local(generator, share));
                } else {
                    Path tokens = tokenDir.resolve("tokens-" + workerIndex);
                    Files.write(tokens, share.stream().map(Users.User::token).toList());
                    int firstSource = 1 + workerIndex * sourceAddresses;
                    workers.add(new GeneratorWorker.Remote(javaHome, wsUris, tokens, firstSource, sourceAddresses));
                }
            }
            int room = (workerIndex + 1) * perProcess - held;
            int more = Math.min(room, target - held);
            workers.get(workerIndex).open(more);
            held += more;
        }
    }

    /** Connections held across every process. */
    int held() {
        return held;
    }

    /** Generator processes in use, this one included. */
    int processes() {
        return workers.size();
    }

    /** Arms every connection for the next frame holding {@code marker} (answered before returning). */
    void expect(String marker) {
        workers.forEach(worker -> worker.expect(marker));
    }

    /** Every connection's receipt stamp of the expected frame, unsorted. */
    long[] collect(Duration timeout) throws InterruptedException {
        List<long[]> parts = new ArrayList<>();
        for (GeneratorWorker worker : workers) {
            parts.add(worker.collect(timeout));
        }
        return parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    /** Frames some connection received twice, over every process. */
    int duplicates() {
        return workers.stream().mapToInt(GeneratorWorker::duplicates).sum();
    }

    /** CPU used by every generator process, as last reported. */
    long cpuNanos() {
        return workers.stream().mapToLong(GeneratorWorker::cpuNanos).sum();
    }

    @Override
    public void close() {
        workers.forEach(GeneratorWorker::close);
        ServerProcess.deleteRecursively(tokenDir);
    }
}
