package dev.parley.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench catchup}: a client that was offline while {@code --updates} messages arrived (from
 * {@code --senders} people, each in a private chat with it) reconnects and fetches them all with paged
 * {@code updates.getDifference}. Reports the time from starting the reconnect to holding the last page, and the
 * difference calls alone. Target: 10,000 updates in at most 200 ms.
 */
@Command(name = "catchup", mixinStandardHelpOptions = true,
        description = "Time for a reconnecting client to fetch N missed updates with updates.getDifference.")
public final class CatchupCommand implements Callable<Integer> {
    @Option(names = "--updates", defaultValue = "10000", description = "missed updates (default: ${DEFAULT-VALUE})")
    int updates;

    @Option(names = "--senders", defaultValue = "100", description = "people sending them (default: ${DEFAULT-VALUE})")
    int senders;

    @Option(names = "--page", defaultValue = "1000", description = "getDifference limit, 1–1000 (default: ${DEFAULT-VALUE})")
    int page;

    @Option(names = "--runs", defaultValue = "5", description = "reconnects measured (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "0",
            description = "catch-ups run first and not measured, 0–200, e.g. to measure a server whose "
                    + "getDifference path is already compiled, as a long-running one is (default: ${DEFAULT-VALUE})")
    int warmup;

    @Mixin
    Common common;

    @Mixin
    ServerHeap heap;

    /** One reconnect: total (connect, hello, all pages) and difference calls only, in ms, and what came back. */
    record Catchup(double totalMs, double differenceMs, int pages, int updates) {}

    @Override
    public Integer call() throws Exception {
        if (updates < 1 || updates > 1_000_000 || senders < 1 || senders > 1000 || updates % senders != 0
                || page < 1 || page > 1000 || runs < 1 || runs > 50 || warmup < 0 || warmup > 200) {
            throw new IllegalArgumentException("updates 1–1,000,000 (a multiple of senders), senders 1–1000,"
                    + " page 1–1000, runs 1–50, warmup 0–200");
        }
        PrintWriter out = common.out();
        ServerProcess.Launch launch = heap.apply(common.launch());
        Map<String, Object> result = common.header("catchup", launch);
        result.put("updates", updates);
        result.put("senders", senders);
        result.put("pageLimit", page);
        result.put("warmup", warmup);
        try (ServerProcess server = ServerProcess.start(launch)) {
            server.awaitHealthy(Duration.ofSeconds(120));
            try (LoadGenerator generator = new LoadGenerator(server.wsUri(), common.threads, 1,
                    common.sourceAddresses)) {
                List<Users.User> users = Users.register(generator, senders + 1, Users.runPrefix(),
                        Duration.ofMinutes(5));
                long fromPts = prepare(generator, users, updates / senders, out);
                for (int i = 0; i < warmup; i++) {
                    catchUp(generator, users.getFirst(), fromPts, page);
                }
                List<Catchup> measured = new ArrayList<>();
                // Server CPU per catch-up (all threads): the figure that does not move with the machine's load.
                List<Double> serverCpuMs = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long cpu = server.cpuNanos();
                    measured.add(catchUp(generator, users.getFirst(), fromPts, page));
                    serverCpuMs.add((server.cpuNanos() - cpu) / 1e6);
                }
                List<Double> totals = measured.stream().map(Catchup::totalMs).sorted().toList();
                List<Double> differences = measured.stream().map(Catchup::differenceMs).sorted().toList();
                out.printf("%nfetched %,d updates in %d pages; %d runs (%s)%n", measured.getFirst().updates(),
                        measured.getFirst().pages(), runs, warmup == 0 ? "the first with cold caches"
                                : "after " + warmup + " unmeasured");
                out.printf("reconnect + hello + difference: min %.1f ms  median %.1f ms  max %.1f ms%n",
                        totals.getFirst(), totals.get(totals.size() / 2), totals.getLast());
                out.printf("difference calls only:          min %.1f ms  median %.1f ms  max %.1f ms%n",
                        differences.getFirst(), differences.get(differences.size() / 2), differences.getLast());
                result.put("runs", measured.stream().map(c -> Map.of("totalMs", c.totalMs(), "differenceMs",
                        c.differenceMs(), "pages", c.pages(), "updates", c.updates())).toList());
                List<Double> sortedCpu = serverCpuMs.stream().sorted().toList();
                out.printf("server CPU per catch-up:        min %.1f ms  median %.1f ms  max %.1f ms%n",
                        sortedCpu.getFirst(), sortedCpu.get(sortedCpu.size() / 2), sortedCpu.getLast());
                result.put("serverCpuMs", serverCpuMs);
                result.put("medianServerCpuMs", sortedCpu.get(sortedCpu.size() / 2));
                result.put("medianTotalMs", totals.get(totals.size() / 2));
                result.put("medianDifferenceMs", differences.get(differences.size() / 2));
            }
        }
        common.write("catchup", result);
        return 0;
    }

    /**
     * The reader records its pts and goes offline; every sender opens a private chat with it and sends its share
     * (pipelined, 32 in flight, each answered after commit). Returns the reader's pts before the messages.
     */
    static long prepare(LoadGenerator generator, List<Users.User> users, int perSender, PrintWriter out)
            throws InterruptedException {
        Users.User reader = users.getFirst();
        List<WsConnection> readerConnection = generator.openMany(1, _ -> WsConnection.IGNORE,
                Users.hello(List.of(reader)), Duration.ofSeconds(60));
        long fromPts = readerConnection.getFirst().result("updates.getState", "{}").join().path("pts").asLong();
        readerConnection.getFirst().close();
        List<Users.User> senderUsers = users.subList(1, users.size());
        List<WsConnection> sending = generator.openMany(senderUsers.size(), _ -> WsConnection.IGNORE,
                Users.hello(senderUsers), Duration.ofSeconds(120));
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (WsConnection sender : sending) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    sendAll(sender, reader.userId(), perSender);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(5));
        }
        sending.forEach(WsConnection::close);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("sending the missed messages failed: " + failures.getFirst(),
                    failures.getFirst());
        }
        out.printf("%d senders sent %,d messages to the offline reader in %.1f s%n", sending.size(),
                (long) perSender * sending.size(), (System.nanoTime() - started) / 1e9);
        return fromPts;
    }

    private static void sendAll(WsConnection sender, long readerId, int count) throws InterruptedException {
        long chatId = sender.result("chats.createPrivate", "{\"userId\":" + readerId + "}").join()
                .path("chat").path("chatId").asLong();
        Semaphore window = new Semaphore(32);
        List<CompletableFuture<JsonNode>> sends = new ArrayList<>(count);
        long randomBase = System.nanoTime() & ((1L << 40) - 1);
        for (int i = 0; i < count; i++) {
            if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("sends stopped being answered");
            }
            CompletableFuture<JsonNode> send = sender.result("messages.send", "{\"chatId\":" + chatId
                    + ",\"randomId\":" + (randomBase + i + 1) + ",\"text\":\"missed message number " + i + "\"}");
            send.whenComplete((_, _) -> window.release());
            sends.add(send);
        }
        sends.forEach(CompletableFuture::join);
    }

    /** Reconnects as {@code reader} and pages through the difference from {@code fromPts} until {@code final}. */
    static Catchup catchUp(LoadGenerator generator, Users.User reader, long fromPts, int page)
            throws InterruptedException {
        long started = System.nanoTime();
        WsConnection connection = generator.openMany(1, _ -> WsConnection.IGNORE, Users.hello(List.of(reader)),
                Duration.ofSeconds(60)).getFirst();
        try {
            long differenceStarted = System.nanoTime();
            long pts = fromPts;
            int pages = 0;
            int received = 0;
            for (int guard = 0; guard < 100_000; guard++) {
                JsonNode difference = connection.result("updates.getDifference",
                        "{\"pts\":" + pts + ",\"limit\":" + page + "}").orTimeout(60, TimeUnit.SECONDS).join();
                if (difference.path("tooLong").asBoolean(false)) {
                    throw new IllegalStateException("the server answered tooLong: the log was trimmed");
                }
                pages++;
                received += difference.path("updates").size();
                pts = difference.path("state").path("pts").asLong();
                if (difference.path("final").asBoolean(false)) {
                    break;
                }
            }
            long finished = System.nanoTime();
            return new Catchup((finished - started) / 1e6, (finished - differenceStarted) / 1e6, pages, received);
        } finally {
            connection.close();
        }
    }
}
