package dev.parley.server.sync;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.UpdateBatch;
import dev.parley.server.db.Database;
import dev.parley.server.gateway.ConnectionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-node push over NATS (DESIGN §7). Every committed push is published once, on the subject of the user it is
 * for; each node subscribes to a user's subjects only while that user has a live connection on it (it listens to the
 * {@link ConnectionRegistry}), so NATS delivers a node exactly what its connections need. Subjects:
 * <ul>
 *   <li>{@code parley.user.<userId>}: the encoded {@code {"updates":…,"pts":…,"ptsCount":…}} frame, forwarded
 *   unchanged to the user's connections on every subscribed node (this one included: NATS echoes to the
 *   publisher's own subscriptions, so local and remote connections see one stream in one order per publisher).</li>
 *   <li>{@code parley.session.<userId>}: {@code {"sessionIds":[…],"reason":"…"}}; a revoked session, changed
 *   password or deleted account closes those sessions' connections wherever they are.</li>
 *   <li>{@code parley.chat.<chatId>}: fan-out-on-read chats (supergroups, channels): one publication per event,
 *   {@code {"authorId":…,"frame":"…","authorFrame":"…"}} (both frames encoded once by the publisher); each node hands
 *   it to the chat's online members here through the {@link ChatAudience} index. Interest-based like the user
 *   subjects: a node subscribes to a chat's subject while the index has at least one online member of it here, so a
 *   post to a million-subscriber channel reaches only the nodes that hold its online subscribers.</li>
 * </ul>
 * Push stays an optimisation: a publication lost while NATS is unreachable is recovered by the client's
 * {@code updates.getDifference}. To make clients ask at once instead of at their next gap, the node sends every local
 * connection an empty batch carrying the user's current pts ({@code ptsCount = 0}) once the NATS connection is back
 * and its subscriptions are restored (jnats re-subscribes by itself on reconnect).
 */
public final class NatsBus implements Bus, ConnectionRegistry.Listener, ChatAudience.Interest, AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(NatsBus.class);
    static final String USER_PREFIX = "parley.user.";
    static final String SESSION_PREFIX = "parley.session.";
    static final String CHAT_PREFIX = "parley.chat.";
    private static final int NUDGE_CHUNK = 500;
    // How long a hello may wait for NATS to confirm a new subscription (a loopback round trip takes well under 1 ms).
    private static final Duration ROUTING_FLUSH_TIMEOUT = Duration.ofSeconds(1);

    /** The control message on {@code parley.session.<userId>}. */
    public record SessionClose(List<Long> sessionIds, String reason) {
        public SessionClose {
            sessionIds = List.copyOf(sessionIds);
        }
    }

    /** The message on {@code parley.chat.<chatId>}. */
    public record ChatFrames(long authorId, String frame, String authorFrame) {}

    private final ConnectionRegistry connections;
    private final ChatAudience audience;
    private final JsonCodec codec;
    private final Database database;
    private final UpdateLog log;
    private final Connection nats;
    private final Dispatcher dispatcher;
    private final Counter published;
    private final Counter dropped;
    private final Counter received;
    private final Counter chatPostsReceived;
    private final Set<Long> subscribed = ConcurrentHashMap.newKeySet();
    private final Counter nudges;

    /**
     * Connects to the given servers ({@code nats://host:port[,nats://host:port…]}) and starts listening to the
     * registry. Fails if no server answers within the connect timeout, so a misconfigured node does not start.
     */
    public NatsBus(String servers, String nodeName, ConnectionRegistry connections, ChatAudience audience,
            JsonCodec codec, Database database, MeterRegistry metrics) {
        this.connections = connections;
        this.audience = audience;
        this.codec = codec;
        this.database = database;
        this.log = new UpdateLog();
        this.published = Counter.builder("parley.nats.published").description("pushes published to NATS")
                .register(metrics);
        this.dropped = Counter.builder("parley.nats.dropped")
                .description("pushes not published because the NATS connection could not take them")
                .register(metrics);
        this.received = Counter.builder("parley.nats.received")
                .description("messages NATS delivered to this node (only for users and chats online here)")
                .register(metrics);
        this.chatPostsReceived = Counter.builder("parley.nats.chat.received")
                .description("large-chat events NATS delivered to this node (only for chats with members online here)")
                .register(metrics);
        this.nudges = Counter.builder("parley.nats.nudges")
                .description("empty batches sent to local connections after a NATS reconnect").register(metrics);
        Options options = Options.builder()
                .servers(servers.split(","))
                .connectionName(nodeName)
                // Forever: a node without NATS still serves requests; its clients catch up once it is back.
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .reconnectJitter(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(5))
                .pingInterval(Duration.ofSeconds(5))
                .connectionListener(this::onConnectionEvent)
                .build();
        try {
            this.nats = Nats.connect(options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach NATS at " + servers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + servers, e);
        }
        this.dispatcher = nats.createDispatcher(this::onMessage);
        audience.listen(this);
        connections.addListener(this);
        // Users who connected before the bus listened (none in production wiring, which builds the bus first).
        connections.users().forEach(this::userArrived);
    }

    @Override
    public void publish(List<Push> pushes) {
        for (Push push : pushes) {
            publish(USER_PREFIX + push.userId(), codec.writeBytes(push.batch()));
        }
    }

    @Override
    public void publishToChat(ChatPush push) {
        publish(CHAT_PREFIX + push.chatId(), codec.writeBytes(new ChatFrames(push.authorId(),
                codec.write(push.batch()), codec.write(push.forAuthor()))));
    }

    @Override
    public void joinedChat(long userId, long chatId) {
        audience.joined(userId, chatId);
    }

    @Override
    public void leftChat(long userId, long chatId) {
        audience.left(userId, chatId);
    }

    @Override
    public void userArrived(long userId) {
        dispatcher.subscribe(USER_PREFIX + userId);
        dispatcher.subscribe(SESSION_PREFIX + userId);
        subscribed.add(userId);
    }

    @Override
    public void userLeft(long userId) {
        dispatcher.unsubscribe(USER_PREFIX + userId);
        dispatcher.unsubscribe(SESSION_PREFIX + userId);
        subscribed.remove(userId);
    }

    /**
     * A subscription reaches the NATS server asynchronously; a flush (a PING answered after everything sent before it)
     * makes sure the user's subject is subscribed before the client hears it is live. Without it an update published
     * by another node in that moment was not pushed, and the client only found it at its next gap. Skipped while NATS
     * is down (the reconnect nudge covers that), bounded while it is slow.
     */
    @Override
    public void awaitRouting(long userId) {
        if (!connected()) {
            return;
        }
        try {
            nats.flush(ROUTING_FLUSH_TIMEOUT);
        } catch (TimeoutException e) {
            logger.debug("NATS did not confirm user {}'s subscriptions in time; getDifference covers a miss", userId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void firstOnline(long chatId) {
        dispatcher.subscribe(CHAT_PREFIX + chatId);
    }

    @Override
    public void lastOffline(long chatId) {
        dispatcher.unsubscribe(CHAT_PREFIX + chatId);
    }

    /** The users whose subjects this node subscribes to: exactly those with a live connection here. */
    public Set<Long> subscribedUsers() {
        return Set.copyOf(subscribed);
    }

    /** The large chats whose subjects this node subscribes to: exactly those with an online member here. */
    public Set<Long> subscribedChats() {
        return audience.chatsOnline();
    }

    /** How many large-chat events NATS has delivered to this node. */
    public long chatPostsReceived() {
        return (long) chatPostsReceived.count();
    }

    /** How many messages NATS has delivered to this node. */
    public long received() {
        return (long) received.count();
    }

    @Override
    public void sessionsClosed(long userId, Collection<Long> sessionIds, String reason) {
        publish(SESSION_PREFIX + userId, codec.writeBytes(new SessionClose(List.copyOf(sessionIds), reason)));
    }

    /** Whether the NATS connection is up (for health checks and tests). */
    public boolean connected() {
        return nats.getStatus() == Connection.Status.CONNECTED;
    }

    private void publish(String subject, byte[] body) {
        try {
            nats.publish(subject, body);
            published.increment();
        } catch (IllegalStateException e) {
            // Closed connection or full reconnect buffer: the update is committed and the client's difference
            // recovers it, so the sender's request must not fail for it. Counted and logged, not hidden.
            dropped.increment();
            logger.warn("push on {} not published: {}", subject, e.getMessage());
        }
    }

    private void onMessage(Message message) {
        received.increment();
        String subject = message.getSubject();
        if (subject.startsWith(USER_PREFIX)) {
            long userId = Long.parseLong(subject.substring(USER_PREFIX.length()));
            connections.sendToUser(userId, new String(message.getData(), StandardCharsets.UTF_8));
        } else if (subject.startsWith(CHAT_PREFIX)) {
            long chatId = Long.parseLong(subject.substring(CHAT_PREFIX.length()));
            chatPostsReceived.increment();
            ChatFrames frames = codec.bind(codec.readTree(message.getData()), ChatFrames.class);
            audience.deliver(chatId, frames.authorId(), frames::frame, frames::authorFrame);
        } else if (subject.startsWith(SESSION_PREFIX)) {
            long userId = Long.parseLong(subject.substring(SESSION_PREFIX.length()));
            SessionClose close = codec.bind(codec.readTree(message.getData()), SessionClose.class);
            connections.closeSessionsHere(userId, close.sessionIds(), close.reason());
        } else {
            logger.warn("ignoring a NATS message on unexpected subject {}", subject);
        }
    }

    private void onConnectionEvent(Connection connection, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> logger.warn("NATS connection lost; pushes wait in the reconnect buffer");
            case RESUBSCRIBED -> {
                logger.info("NATS connection restored; telling local clients to check for missed updates");
                // Off the NATS event thread: the nudge reads the database.
                Thread.ofVirtual().name("parley-nats-nudge").start(this::nudgeLocalUsers);
            }
            default -> logger.debug("NATS connection event {}", event);
        }
    }

    /**
     * Sends every user with a connection here an empty batch at their current pts; a client behind it sees a gap and
     * asks for the difference, which holds whatever was published while this node was cut off.
     */
    void nudgeLocalUsers() {
        try {
            List<Long> users = new ArrayList<>(connections.users());
            for (int from = 0; from < users.size(); from += NUDGE_CHUNK) {
                List<Long> chunk = users.subList(from, Math.min(users.size(), from + NUDGE_CHUNK));
                Map<Long, Long> heads = database.read(h -> log.heads(h, chunk));
                for (long user : chunk) {
                    String frame = codec.write(new UpdateBatch(List.of(), heads.getOrDefault(user, 0L), 0));
                    connections.sendToUser(user, frame);
                    nudges.increment();
                }
            }
        } catch (RuntimeException e) {
            logger.error("could not nudge local clients after a NATS reconnect; they recover at their next gap", e);
        }
    }

    /** Flushes what is buffered (best effort, bounded) and closes the NATS connection. */
    @Override
    public void close() {
        try {
            nats.flush(Duration.ofSeconds(2));
        } catch (TimeoutException e) {
            logger.warn("NATS flush on close timed out; unflushed pushes are recovered by getDifference");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            nats.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
