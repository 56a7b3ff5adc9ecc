package dev.parley.cli;

import dev.parley.client.SyncListener;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ParleyException;
import dev.parley.protocol.sync.Update;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code receive}: catches up from the profile's saved pts with {@code updates.getDifference}, then streams live
 * updates, each once and in order; the pts is saved as updates are printed, so the next run continues exactly after
 * the last update this one printed.
 */
@Command(name = "receive", description = "Print updates since the last run (or since login), then live ones as "
        + "they come. Stops at --count or --timeout, else runs until interrupted.")
final class ReceiveCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    private Cli cli;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "One update per line as its protocol JSON object.")
    private boolean json;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after printing N updates (default: no limit).")
    private int count;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds (default: no limit).")
    private long timeoutSeconds;

    @Option(names = "--mls", description = "Also print the encryption handshakes and invitations (MLS commits and "
            + "Welcomes) this device applies; they are not counted otherwise.")
    private boolean mls;

    @Override
    public Integer call() {
        if (count < 0 || timeoutSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count and --timeout must not be negative");
        }
        return cli.runLoggedIn((session, output) -> {
            var client = session.client();
            Peers peers = new Peers(client);
            boolean asJson = json || output.json();
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger printed = new AtomicInteger();
            client.addConnectionListener(new dev.parley.client.ConnectionListener() {
                @Override
                public void onSessionRevoked(String reason) {
                    done.completeExceptionally(new ParleyException(ErrorCode.SESSION_REVOKED, reason));
                }
            });
            // Messages of encrypted chats are printed decrypted (DecryptingListener).
            cli.e2e(session);
            client.startSync(session.profile().syncState(), new SyncListener() {
                @Override
                public void onUpdate(Update update) {
                    if (done.isDone() || (!mls && (update instanceof Update.E2eHandshake
                            || update instanceof Update.E2eWelcome))) {
                        // The SDK applies MLS plumbing to the device's groups; it says nothing to a person.
                        return;
                    }
                    output.line(asJson ? output.toJson(update) : Updates.describe(update, peers, output));
                    if (count > 0 && printed.incrementAndGet() >= count) {
                        // Stop before the next update so the saved pts is exactly the last one printed.
                        client.stopSync();
                        done.complete(null);
                    }
                }

                @Override
                public void onResync(long pts) {
                    output.line(asJson ? output.toJson(Map.of("type", "resync", "pts", pts))
                            : "(the server no longer has all updates since the last run: reload your chats)");
                }
            });
            awaitEnd(done);
        });
    }

    private void awaitEnd(CompletableFuture<Void> done) {
        try {
            if (timeoutSeconds > 0) {
                done.get(timeoutSeconds, TimeUnit.SECONDS);
            } else {
                done.get();
            }
        } catch (TimeoutException e) {
            // --timeout elapsed: a normal end for scripts.
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ParleyException typed ? typed
                    : new ParleyException(ErrorCode.INTERNAL, "receive failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
