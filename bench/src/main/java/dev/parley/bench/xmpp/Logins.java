package dev.parley.bench.xmpp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Logs in many clients with a bounded number of handshakes in flight and a bound on the total time. */
public final class Logins {

    private static final int ATTEMPTS = 3;

    private Logins() {
    }

    /** Thrown when not every client could log in; carries the first failure. */
    public static final class LoginsFailed extends RuntimeException {
        public LoginsFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Logs in {@code accounts}, the i-th from {@code localAddresses[i % n]} (any port), returning the clients in the
     * same order. Fails (after closing those that did log in) if any login fails or the deadline passes.
     */
    public static List<XmppClient> loginAll(XmppTransport transport, InetSocketAddress server,
            List<InetSocketAddress> localAddresses, List<XmppClient.Account> accounts, int maxInFlight,
            long timeoutMillis, XmppClient.MessageListener listener) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Semaphore inFlight = new Semaphore(maxInFlight);
        XmppClient[] clients = new XmppClient[accounts.size()];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < accounts.size() && failures.isEmpty(); i++) {
            if (!inFlight.tryAcquire(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
                break;
            }
            int index = i;
            InetSocketAddress local = localAddresses.isEmpty() ? null : localAddresses.get(i % localAddresses.size());
            attempt(transport, server, local, accounts.get(i), listener, ATTEMPTS).whenComplete((client, error) -> {
                if (error != null) {
                    failures.add(error);
                } else {
                    clients[index] = client;
                }
                inFlight.release();
            });
        }
        // Wait for the handshakes still in flight, within the same deadline.
        boolean drained = inFlight.tryAcquire(maxInFlight, remainingNanos(deadline), TimeUnit.NANOSECONDS);
        List<XmppClient> result = new ArrayList<>(clients.length);
        for (XmppClient c : clients) {
            if (c != null) {
                result.add(c);
            }
        }
        if (!failures.isEmpty() || !drained || result.size() != accounts.size()) {
            result.forEach(XmppClient::close);
            Throwable first = failures.peek();
            throw new LoginsFailed(result.size() + " of " + accounts.size() + " clients logged in"
                    + (first == null ? " before the deadline" : "; first failure: " + first.getMessage()), first);
        }
        inFlight.release(maxInFlight);
        return result;
    }

    /**
     * Connects, retrying a failed attempt: under a burst of connects a server's listen backlog overflows and the
     * kernel drops SYNs, which is a property of the burst, not of the server's capacity to hold connections.
     */
    private static CompletableFuture<XmppClient> attempt(XmppTransport transport, InetSocketAddress server,
            InetSocketAddress local, XmppClient.Account account, XmppClient.MessageListener listener, int left) {
        return XmppClient.connect(transport.bootstrap(), server, local, account, listener)
                .exceptionallyCompose(error -> left > 1
                        ? attempt(transport, server, local, account, listener, left - 1)
                        : CompletableFuture.failedFuture(error));
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
