package dev.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TargetAndClusterOptionsTest {
    private static MessagingCommand messaging(String... args) {
        MessagingCommand command = new MessagingCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void parleyOnOneEmbeddedNodeIsTheDefault() {
        MessagingCommand command = messaging();

        assertThat(command.target.parley()).isTrue();
        assertThat(command.target.label()).isEqualTo("parley");
        assertThat(command.cluster.nodes).isEqualTo(1);
        command.cluster.validate();
    }

    @Test
    void aScriptedPeerIsNamedByItsArchiveMode() {
        assertThat(messaging("--target", "ejabberd").target.label()).isEqualTo("ejabberd-archive-on");
        assertThat(messaging("--target", "prosody", "--archive", "off").target.label())
                .isEqualTo("prosody-archive-off");
    }

    @Test
    void anArchiveModeOtherThanOnOrOffIsAUsageError() {
        assertThatThrownBy(() -> messaging("--target", "prosody", "--archive", "maybe"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> messaging("--target", "openfire"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void aRunningXmppServerNeedsItsPortAndForIdleItsPidFile() {
        assertThatThrownBy(() -> messaging("--target", "xmpp").target.validate(false))
                .hasMessageContaining("--xmpp-port");
        Target target = messaging("--target", "xmpp", "--xmpp-port", "5222").target;
        target.validate(false);
        assertThatThrownBy(() -> target.validate(true)).hasMessageContaining("--server-pid-file");
    }

    @Test
    void severalNodesNeedASharedDatabaseAndNats() {
        assertThatThrownBy(() -> messaging("--nodes", "2").cluster.validate())
                .hasMessageContaining("--db").hasMessageContaining("--nats");
        messaging("--nodes", "2", "--db", "postgresql://postgres@127.0.0.1:5432", "--nats",
                "nats://127.0.0.1:4222").cluster.validate();
    }

    @Test
    void theDatabaseServerIsParsedAndEachRunGetsItsOwnDatabaseOnIt() {
        ClusterOptions.Postgres pg = ClusterOptions.Postgres.parse("postgresql://postgres@127.0.0.1:5433");

        assertThat(pg).isEqualTo(new ClusterOptions.Postgres("postgres", "127.0.0.1", 5433));
        assertThat(pg.serverUrl("parley_bench_x")).isEqualTo("postgresql://postgres@127.0.0.1:5433/parley_bench_x");
        assertThat(pg.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:5433/postgres");
        assertThat(ClusterOptions.Postgres.parse("postgresql://postgres@127.0.0.1").port()).isEqualTo(5432);
    }

    @Test
    void aDatabaseOffLoopbackWithAPasswordOrNamingItsOwnDatabaseIsRefused() {
        assertThatThrownBy(() -> ClusterOptions.Postgres.parse("postgresql://postgres@192.0.2.1:5432"))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> ClusterOptions.Postgres.parse("postgresql://postgres:secret@127.0.0.1:5432"))
                .hasMessageContaining("postgresql://user@host:port");
        assertThatThrownBy(() -> ClusterOptions.Postgres.parse("postgresql://postgres@127.0.0.1:5432/prod"))
                .hasMessageContaining("creates its own database");
        assertThatThrownBy(() -> messaging("--nats", "nats://192.0.2.1:4222").cluster.validate())
                .hasMessageContaining("--nats");
    }
}
