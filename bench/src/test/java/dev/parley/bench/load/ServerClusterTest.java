package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerClusterTest {
    private static List<String> benchDatabases() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE 'parley_bench_%'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    @Test
    void twoNodesShareAFreshPostgresDatabaseThatIsDroppedAfterTheRun() throws Exception {
        // given cluster options for two nodes on the local PostgreSQL and NATS
        ClusterOptions options = new ClusterOptions();
        new CommandLine(options).parseArgs("--nodes", "2", "--db", "postgresql://postgres@127.0.0.1:5432", "--nats",
                "nats://127.0.0.1:4222");
        List<String> before = benchDatabases();

        // when the cluster starts, two users register and each logs in on its own node
        List<String> during;
        try (ServerCluster cluster = ServerCluster.start(ServerProcess.Launch.defaults(), options);
                LoadGenerator generator = new LoadGenerator(clusterUris(cluster), 1, 1, 2)) {
            during = benchDatabases();
            List<Users.User> users = Users.register(generator, 2, Users.runPrefix(), Duration.ofMinutes(2));
            List<WsConnection> open = generator.openMany(2, _ -> WsConnection.IGNORE, Users.hello(users),
                    Duration.ofMinutes(2));
            // then both nodes serve the one database: both users registered through node 0 (one setup connection),
            // and user 1 authenticated on node 1 with the token node 0 issued
            assertThat(cluster.wsUris()).hasSize(2).doesNotHaveDuplicates();
            assertThat(open).hasSize(2);
            open.forEach(WsConnection::close);
        }

        // and the run's database existed only during the run
        List<String> created = during.stream().filter(name -> !before.contains(name)).toList();
        assertThat(created).hasSize(1);
        assertThat(benchDatabases()).doesNotContainAnyElementsOf(created);
    }

    private static List<java.net.URI> clusterUris(ServerCluster cluster) throws InterruptedException {
        cluster.awaitHealthy(Duration.ofMinutes(3));
        return cluster.wsUris();
    }
}
