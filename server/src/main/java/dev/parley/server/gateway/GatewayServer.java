package dev.parley.server.gateway;

import dev.parley.protocol.JsonCodec;
import dev.parley.server.config.Config;
import dev.parley.server.config.TrustedProxies;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network edge: one port serving the WebSocket API, the HTTP API, health, metrics and the web client (Netty,
 * epoll when available). Methods run on virtual threads via the {@link Dispatcher}; event-loop threads only decode,
 * route and write. {@link #close} is graceful: stop accepting, let running methods finish (bounded), close sockets.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** How long shutdown waits for running methods (and through them, their commits) to finish. */
    static final long DRAIN_SECONDS = 10;
    private static final long EVICT_BUCKETS_SECONDS = 60;

    private final Config config;
    private final GatewayContext context;
    private final ChannelGroup channels = new DefaultChannelGroup("parley-gateway", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private int port = -1;
    private boolean closed;

    public GatewayServer(Config config, MethodTable methods, SessionAuthenticator authenticator,
            ConnectionRegistry connections, PrometheusMeterRegistry metrics, JsonCodec codec, StaticFiles staticFiles) {
        this(config, methods, authenticator, connections, metrics, codec, staticFiles, List.of());
    }

    /** With extra HTTP surfaces such as the Bot API ({@link HttpRoute}), matched by path prefix before static files. */
    public GatewayServer(Config config, MethodTable methods, SessionAuthenticator authenticator,
            ConnectionRegistry connections, PrometheusMeterRegistry metrics, JsonCodec codec, StaticFiles staticFiles,
            List<HttpRoute> routes) {
        this.config = config;
        Config.Gateway limits = config.gateway();
        AtomicInteger open = new AtomicInteger();
        Gauge.builder("parley.connections.open", open, AtomicInteger::get)
                .description("open WebSocket connections").register(metrics);
        this.context = new GatewayContext(limits, new Dispatcher(methods, codec, metrics), authenticator, connections,
                new FloodControl(limits.requestsPerSecond(), limits.burst()), codec, metrics, staticFiles,
                List.copyOf(routes), open, TrustedProxies.parse(limits.trustedProxies()));
    }

    /** Binds {@code config.bind():config.port()} and returns the bound port (useful when the config says 0). */
    public synchronized int start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("the gateway can be started once");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        acceptors = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 512 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline()
                                // Frames for one connection written from several threads (a request's reply, the
                                // pushes of other requests) each came with their own flush, one write(2) apiece;
                                // consolidated, the frames queued by the time the event loop gets to the flush
                                // leave in one system call (docs/PERFORMANCE.md).
                                .addLast("flush", new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                                .addLast("idle", new IdleStateHandler(context.limits().idleSeconds(), 0, 0))
                                .addLast("http", new HttpServerCodec())
                                .addLast("http-aggregator", new BoundedHttpAggregator(context.codec()))
                                .addLast("http-handler", new HttpHandler(context));
                    }
                });
        try {
            ChannelFuture bound = bootstrap.bind(config.bind(), config.port()).sync();
            serverChannel = bound.channel();
        } catch (Exception e) {
            shutdownLoops();
            throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        channels.add(serverChannel);
        acceptors.scheduleAtFixedRate(context.flood()::evictIdle, EVICT_BUCKETS_SECONDS, EVICT_BUCKETS_SECONDS,
                TimeUnit.SECONDS);
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("gateway listening on {}:{} ({})", config.bind(), port, epoll ? "epoll" : "nio");
        return port;
    }

    public synchronized int port() {
        if (port < 0) {
            throw new IllegalStateException("the gateway is not started");
        }
        return port;
    }

    /** Open WebSocket connections, authenticated or not. */
    public int openConnections() {
        return context.openWebSockets().get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        try {
            if (!context.dispatcher().drain(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                log.warn("shutdown: requests still running after {} s; closing connections anyway", DRAIN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : channels) {
            WebSocketConnection ws = channel.pipeline().get(WebSocketConnection.class);
            if (ws != null) {
                ws.close(WebSocketConnection.CLOSE_GOING_AWAY, "server shutting down");
            } else {
                channel.close();
            }
            closing.add(channel.closeFuture());
        }
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        shutdownLoops();
    }

    private void shutdownLoops() {
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (acceptors != null) {
            acceptors.terminationFuture().syncUninterruptibly();
        }
    }
}
