package dev.parley.server.testing;

import dev.parley.server.config.Config;
import dev.parley.server.sync.NatsBus;
import java.util.ArrayList;
import java.util.List;

/**
 * Several Parley nodes in this JVM on one throw-away PostgreSQL database and one NATS server (DESIGN §7): each node
 * is a full {@link TestServer} with its own node id and port, sharing nothing but the database and NATS. The NATS
 * server defaults to the one .ci/run starts on 127.0.0.1:4222 ({@code PARLEY_TEST_NATS} overrides it).
 */
public final class Cluster implements AutoCloseable {
    public static final String NATS_URL = System.getenv().getOrDefault("PARLEY_TEST_NATS", "nats://127.0.0.1:4222");

    private final PostgresFixture postgres;
    private final List<TestServer> nodes = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();

    private Cluster(int size, String natsUrl) {
        postgres = new PostgresFixture();
        try {
            for (int i = 0; i < size; i++) {
                int nodeId = i + 1;
                TestServer node = TestServer.start(config -> nodeConfig(config, postgres.url(), natsUrl, nodeId));
                nodes.add(node);
                clients.add(node.client());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The settings a test node gets: the shared database (small pool: many test nodes share one PostgreSQL). */
    public static Config nodeConfig(Config config, String db, String nats, int nodeId) {
        return config.withDb(db).withNats(nats).withNodeId(nodeId)
                .withDatabase(new Config.Database("NORMAL", true, 4));
    }

    public static Cluster start(int size) {
        return new Cluster(size, NATS_URL);
    }

    public static Cluster start(int size, String natsUrl) {
        return new Cluster(size, natsUrl);
    }

    /** The shared database, for nodes started outside this JVM ({@link NodeProcess}). */
    public String databaseUrl() {
        return postgres.url();
    }

    public int size() {
        return nodes.size();
    }

    public TestServer node(int index) {
        return nodes.get(index);
    }

    public NatsBus bus(int index) {
        return nodes.get(index).server().nats().orElseThrow();
    }

    /** A raw client of the node (closed with the cluster). */
    public RawClient client(int index) {
        return clients.get(index);
    }

    /** The same user on every node, starting with node {@code first} (a follower's fail-over order). */
    public List<Chatter> everywhere(Chatter user, int first) {
        List<Chatter> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            order.add(user.on(client((first + i) % size())));
        }
        return order;
    }

    @Override
    public void close() {
        clients.forEach(RawClient::close);
        nodes.forEach(TestServer::close);
        postgres.close();
    }
}
