package dev.parley.bench.xmpp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One XMPP client-to-server connection: logs in (SASL PLAIN, resource bind, optional legacy session, initial
 * presence) and then hands every inbound {@code <message>} to a {@link MessageListener}. All methods that touch
 * the channel must run on its event loop, except {@link #connect} and {@link #close}.
 */
public final class XmppClient extends ChannelInboundHandlerAdapter {

    /** Credentials and addressing of one logged-in user. */
    public record Account(String username, String password, String domain, String resource) {
        public Account {
            if (username.isEmpty() || domain.isEmpty() || resource.isEmpty()) {
                throw new IllegalArgumentException("username, domain and resource must not be empty");
            }
        }

        public String bareJid() {
            return username + "@" + domain;
        }
    }

    /** Receives inbound messages on the connection's event loop; must not block. */
    @FunctionalInterface
    public interface MessageListener {
        void onMessage(XmppClient client, XmlElement message, long receivedNanos);
    }

    /** The login failed: the server refused the credentials, the stream broke, or the connection dropped. */
    public static final class LoginException extends RuntimeException {
        public LoginException(String message) {
            super(message);
        }
    }

    private enum State { AWAIT_FEATURES, AWAIT_AUTH_RESULT, AWAIT_BOUND_FEATURES, AWAIT_BIND, AWAIT_SESSION, READY, CLOSED }

    private final Account account;
    private final MessageListener listener;
    private final CompletableFuture<XmppClient> ready = new CompletableFuture<>();
    private final StanzaSplitter splitter = new StanzaSplitter();
    private State state = State.AWAIT_FEATURES;
    private boolean sessionRequired;
    private Channel channel;
    private byte[] readBuffer = new byte[0];
    private long errors;

    private XmppClient(Account account, MessageListener listener) {
        this.account = account;
        this.listener = listener;
    }

    /**
     * Connects from {@code local} (any port; null for the default) to {@code server} and logs in. The future
     * completes when the initial presence has been sent, or fails with {@link LoginException}.
     */
    public static CompletableFuture<XmppClient> connect(Bootstrap bootstrap, InetSocketAddress server,
            InetSocketAddress local, Account account, MessageListener listener) {
        XmppClient client = new XmppClient(account, listener);
        Bootstrap b = bootstrap.clone().handler(client);
        ChannelFuture f = local == null ? b.connect(server) : b.connect(server, local);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                client.ready.completeExceptionally(done.cause());
            }
        });
        return client.ready;
    }

    public Account account() {
        return account;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Stanza-level errors received ({@code type='error'} messages and iq errors after login). */
    public long errors() {
        return errors;
    }

    /** Queues a stanza; call {@link #flush()} once per batch to send. */
    public void write(String stanza) {
        channel.write(ByteBufUtil.writeUtf8(channel.alloc(), stanza), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Sends the stream close and closes the socket; safe from any thread, idempotent. */
    public void close() {
        Channel c = channel;
        if (c == null) {
            return;
        }
        c.eventLoop().execute(() -> {
            if (c.isActive() && state != State.CLOSED) {
                c.writeAndFlush(ByteBufUtil.writeUtf8(c.alloc(), Stanzas.streamClose()));
            }
            state = State.CLOSED;
            c.close();
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        writeNow(Stanzas.streamOpen(account.domain()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int n = in.readableBytes();
            if (readBuffer.length < n) {
                readBuffer = new byte[Math.max(n, 512)];
            }
            in.readBytes(readBuffer, 0, n);
            List<StreamEvent> events = splitter.feed(readBuffer, 0, n);
            // Idle connections should not pin a large array after a burst.
            if (readBuffer.length > 8192 && state == State.READY) {
                readBuffer = new byte[0];
            }
            long now = System.nanoTime();
            for (StreamEvent event : events) {
                handle(event, now);
            }
        } finally {
            in.release();
        }
    }

    private void handle(StreamEvent event, long now) {
        switch (event) {
            case StreamEvent.StreamOpened opened -> {
                // Nothing to do: the features follow.
            }
            case StreamEvent.StreamClosed closed -> fail("server closed the stream");
            case StreamEvent.Stanza stanza -> handleStanza(stanza.parse(), now);
        }
    }

    private void handleStanza(XmlElement e, long now) {
        if (e.name().equals("stream:error")) {
            fail("stream error: " + e.children().stream().map(XmlElement::name).toList());
            return;
        }
        switch (state) {
            case AWAIT_FEATURES -> {
                if (!hasName(e, "stream:features")) {
                    return;
                }
                boolean plain = e.child("mechanisms").map(m -> m.children().stream()
                        .anyMatch(c -> c.text().equals("PLAIN"))).orElse(false);
                if (!plain) {
                    fail("server does not offer SASL PLAIN without TLS: " + e);
                    return;
                }
                state = State.AWAIT_AUTH_RESULT;
                writeNow(Stanzas.authPlain(account.username(), account.password()));
            }
            case AWAIT_AUTH_RESULT -> {
                if (!e.name().equals("success")) {
                    fail("authentication of " + account.username() + " failed: " + e);
                    return;
                }
                splitter.reset();
                state = State.AWAIT_BOUND_FEATURES;
                writeNow(Stanzas.streamOpen(account.domain()));
            }
            case AWAIT_BOUND_FEATURES -> {
                if (!hasName(e, "stream:features")) {
                    return;
                }
                // RFC 6121 made the session step optional; servers still advertising it as mandatory need it.
                sessionRequired = e.child("session").map(s -> s.has("required")).orElse(false);
                state = State.AWAIT_BIND;
                writeNow(Stanzas.bind("bind", account.resource()));
            }
            case AWAIT_BIND -> {
                if (!"result".equals(e.attribute("type").orElse(""))) {
                    fail("resource bind failed: " + e);
                    return;
                }
                if (sessionRequired) {
                    state = State.AWAIT_SESSION;
                    writeNow(Stanzas.session("sess"));
                } else {
                    becomeReady();
                }
            }
            case AWAIT_SESSION -> {
                if (!"result".equals(e.attribute("type").orElse(""))) {
                    fail("session establishment failed: " + e);
                    return;
                }
                becomeReady();
            }
            case READY -> {
                if (e.name().equals("message")) {
                    if ("error".equals(e.attribute("type").orElse(""))) {
                        errors++;
                    } else {
                        listener.onMessage(this, e, now);
                    }
                } else if (e.name().equals("iq") && "error".equals(e.attribute("type").orElse(""))) {
                    errors++;
                }
            }
            case CLOSED -> {
                // Late stanzas after our close are irrelevant.
            }
        }
    }

    private void becomeReady() {
        state = State.READY;
        writeNow(Stanzas.presence());
        ready.complete(this);
    }

    private boolean hasName(XmlElement e, String expected) {
        if (e.name().equals(expected)) {
            return true;
        }
        fail("expected <" + expected + "> in state " + state + " but got " + e);
        return false;
    }

    private void writeNow(String stanza) {
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), stanza), channel.voidPromise());
    }

    private void fail(String reason) {
        if (!ready.isDone()) {
            ready.completeExceptionally(new LoginException(account.username() + ": " + reason));
        } else if (state != State.CLOSED) {
            errors++;
        }
        state = State.CLOSED;
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ready.isDone()) {
            ready.completeExceptionally(new LoginException(account.username() + ": connection closed in state " + state));
        } else if (state != State.CLOSED) {
            // An unexpected drop after login counts as an error the scenario reports.
            errors++;
            state = State.CLOSED;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ready.isDone()) {
            ready.completeExceptionally(cause);
        } else {
            errors++;
        }
        state = State.CLOSED;
        ctx.close();
    }

    /** Whether the connection is logged in and open. */
    public boolean isReady() {
        return state == State.READY && channel.isActive();
    }
}
