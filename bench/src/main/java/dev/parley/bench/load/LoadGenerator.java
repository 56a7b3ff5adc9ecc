package dev.parley.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The Netty side of the load generator: a few event-loop threads (epoll) that hold many WebSocket connections to one
 * Parley server. Connections are spread over several 127.0.0.x source addresses, so each address stays far below the
 * ~28,000 ephemeral ports Linux gives one (source, destination) pair. Everything stays on loopback.
 */
public final class LoadGenerator implements AutoCloseable {
    /** Handshakes (TCP connect + upgrade + first request) in progress at once; more only queue in the kernel. */
    private static final int CONNECT_CONCURRENCY = 256;

    private final List<URI> wsUris;
    private final List<InetSocketAddress> sources;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final AtomicInteger next = new AtomicInteger();
    private final CpuClock cpu = CpuClock.start();

    /**
     * @param wsUri   {@code ws://127.0.0.1:PORT/api/ws}
     * @param threads event-loop threads (1–2 are enough for tens of thousands of connections)
     * @param sourceAddresses how many of 127.0.0.1, 127.0.0.2, … to connect from (1–250)
     */
    public LoadGenerator(URI wsUri, int threads, int sourceAddresses) {
        this(wsUri, threads, 1, sourceAddresses);
    }

    /** As above, connecting from 127.0.0.{@code firstSource} onwards (generator processes use disjoint ranges). */
    public LoadGenerator(URI wsUri, int threads, int firstSource, int sourceAddresses) {
        this(List.of(wsUri), threads, firstSource, sourceAddresses);
    }

    /**
     * As above, to several nodes of one cluster: {@link #openMany} puts connection i on node i mod n, so the two
     * clients of a 1:1 pair (2k, 2k+1) sit on different nodes of a two-node cluster.
     */
    public LoadGenerator(List<URI> wsUris, int threads, int firstSource, int sourceAddresses) {
        if (wsUris.isEmpty()) {
            throw new IllegalArgumentException("no server to connect to");
        }
        for (URI wsUri : wsUris) {
            if (!"ws".equals(wsUri.getScheme()) || !Loopback.isLoopback(wsUri.getHost())) {
                throw new IllegalArgumentException("the generator only talks to ws:// on loopback, not " + wsUri);
            }
        }
        if (threads < 1 || threads > 16 || firstSource < 1 || sourceAddresses < 1
                || firstSource + sourceAddresses > 255) {
            throw new IllegalArgumentException("threads must be 1–16 and source addresses within 127.0.0.1–254");
        }
        this.wsUris = List.copyOf(wsUris);
        this.sources = new ArrayList<>();
        for (int i = firstSource; i < firstSource + sourceAddresses; i++) {
            sources.add(new InetSocketAddress("127.0.0." + i, 0));
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** The (first) node's endpoint. */
    public URI wsUri() {
        return wsUris.getFirst();
    }

    /** Every node's endpoint, in the order connections are spread over them. */
    public List<URI> wsUris() {
        return wsUris;
    }

    /** Opens one WebSocket to the first node; the future completes once the upgrade has succeeded. */
    public CompletableFuture<WsConnection> connect(WsConnection.Listener listener) {
        return connect(0, listener);
    }

    /** Opens one WebSocket to node {@code node mod n}. */
    public CompletableFuture<WsConnection> connect(int node, WsConnection.Listener listener) {
        URI wsUri = wsUris.get(Math.floorMod(node, wsUris.size()));
        InetSocketAddress server = new InetSocketAddress(wsUri.getHost(), wsUri.getPort());
        WsConnection connection = new WsConnection(wsUri, listener);
        InetSocketAddress source = sources.get(Math.floorMod(next.getAndIncrement(), sources.size()));
        ChannelFuture connecting = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // The HTTP codec and aggregator only serve the upgrade; the handshaker removes them after it.
                        channel.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(8192))
                                .addLast(connection);
                    }
                })
                .connect(server, source);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                connection.failOpen(done.cause());
            }
        });
        return connection.opened();
    }

    /**
     * Opens {@code count} connections, each followed by {@code afterOpen} (e.g. {@code auth.hello}), with at most
     * {@value #CONNECT_CONCURRENCY} in progress, and fails if the whole batch takes longer than {@code timeout}.
     */
    public List<WsConnection> openMany(int count, IntFunction<WsConnection.Listener> listeners,
            OpenStep afterOpen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore permits = new Semaphore(CONNECT_CONCURRENCY);
        List<CompletableFuture<WsConnection>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!permits.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("opened fewer than " + count + " connections within " + timeout);
            }
            int index = i;
            CompletableFuture<WsConnection> one = connect(i, listeners.apply(i))
                    .thenCompose(connection -> afterOpen.apply(index, connection).thenApply(_ -> connection));
            one.whenComplete((_, _) -> permits.release());
            futures.add(one);
        }
        List<WsConnection> open = new ArrayList<>(count);
        for (CompletableFuture<WsConnection> future : futures) {
            try {
                open.add(future.get(remaining(deadline), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                open.forEach(WsConnection::close);
                throw new IllegalStateException("opening connection " + open.size() + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                open.forEach(WsConnection::close);
                throw new IllegalStateException("opened only " + open.size() + " of " + count
                        + " connections within " + timeout, e);
            }
        }
        return open;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** What to do on a fresh connection before it counts as open (authenticate it, typically). */
    @FunctionalInterface
    public interface OpenStep {
        CompletableFuture<?> apply(int index, WsConnection connection);

        static OpenStep none() {
            return (_, _) -> CompletableFuture.completedFuture(null);
        }
    }

    /** The generator's CPU time so far as a share of the machine: process CPU / wall time / cores. */
    public CpuClock cpu() {
        return cpu;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
