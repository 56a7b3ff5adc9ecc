package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence (defaults &lt; YAML &lt; environment &lt; flags) and error messages of the config loader. */
class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();
    @TempDir
    Path dir;

    private Path yaml(String content) throws Exception {
        Path file = dir.resolve("parley.yaml");
        Files.writeString(file, content);
        return file;
    }

    private static ConfigLoader.Flags configFlag(Path file) {
        return new ConfigLoader.Flags(null, null, null, file, null);
    }

    @Test
    void withNothingGivenTheDefaultsApply() {
        Config config = loader.load(Map.of(), ConfigLoader.Flags.none());

        assertThat(config).isEqualTo(Config.defaults());
    }

    @Test
    void theYamlFileOverridesDefaultsIncludingNestedSections() throws Exception {
        Path file = yaml("""
                port: 9000
                dataDir: /srv/parley
                gateway:
                  maxInFlight: 8
                database:
                  synchronous: NORMAL
                """);

        Config config = loader.load(Map.of(), configFlag(file));

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/parley"));
        assertThat(config.gateway().maxInFlight()).isEqualTo(8);
        assertThat(config.gateway().burst()).isEqualTo(Config.Gateway.defaults().burst());
        assertThat(config.database().synchronous()).isEqualTo("NORMAL");
        assertThat(config.bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws Exception {
        Path file = yaml("port: 9000\nbind: 10.0.0.1\nnodeId: 3\n");
        Map<String, String> env = Map.of(
                "PARLEY_CONFIG", file.toString(),
                "PARLEY_PORT", "9100",
                "PARLEY_BIND", "0.0.0.0",
                "PARLEY_GATEWAY_MAX_IN_FLIGHT", "16",
                "PARLEY_DATABASE_GROUP_COMMIT", "false");

        Config config = loader.load(env, new ConfigLoader.Flags(9200, null, Path.of("flagdata"), null, null));

        assertThat(config.port()).isEqualTo(9200);
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.nodeId()).isEqualTo(3);
        assertThat(config.dataDir()).isEqualTo(Path.of("flagdata"));
        assertThat(config.gateway().maxInFlight()).isEqualTo(16);
        assertThat(config.database().groupCommit()).isFalse();
    }

    @Test
    void databaseAndNatsComeFromTheEnvironmentAndFlagsOverrideThem() {
        Map<String, String> env = Map.of("PARLEY_DB", "postgresql://parley@db:5432/parley",
                "PARLEY_NATS", "nats://10.0.0.1:4222", "PARLEY_DATABASE_POOL_SIZE", "8");

        Config fromEnv = loader.load(env, ConfigLoader.Flags.none());
        Config fromFlags = loader.load(env, new ConfigLoader.Flags(null, null, null, null, 2,
                "postgresql://parley@other:5432/parley", "nats://a:4222,nats://b:4222"));

        assertThat(fromEnv.usesPostgresql()).isTrue();
        assertThat(fromEnv.db()).isEqualTo("postgresql://parley@db:5432/parley");
        assertThat(fromEnv.nats()).isEqualTo("nats://10.0.0.1:4222");
        assertThat(fromEnv.database().poolSize()).isEqualTo(8);
        assertThat(fromFlags.db()).isEqualTo("postgresql://parley@other:5432/parley");
        assertThat(fromFlags.nats()).isEqualTo("nats://a:4222,nats://b:4222");
        assertThat(Config.defaults().usesPostgresql()).isFalse();
        assertThat(Config.defaults().usesNats()).isFalse();
    }

    @Test
    void aDatabaseOrNatsUrlOfAnotherKindIsRejectedByName() {
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_DB", "mysql://db/parley"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("db must be");
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_NATS", "http://nats:4222"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nats must be");
    }

    @Test
    void theWriterThreadNiceValueDefaultsToMinusTenAndIsBoundedByTheKernelsRange() {
        assertThat(loader.load(Map.of(), ConfigLoader.Flags.none()).database().writerNice()).isEqualTo(-10);
        assertThat(loader.load(Map.of("PARLEY_DATABASE_WRITER_NICE", "0"), ConfigLoader.Flags.none())
                .database().writerNice()).isZero();
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_DATABASE_WRITER_NICE", "-21"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.writerNice must be -20 … 19");
    }

    @Test
    void walCheckpointsRunInTheBackgroundEveryHundredMillisecondsUnlessSetToZero() {
        assertThat(loader.load(Map.of(), ConfigLoader.Flags.none()).database().checkpointIntervalMillis())
                .isEqualTo(100);
        assertThat(loader.load(Map.of("PARLEY_DATABASE_CHECKPOINT_INTERVAL_MILLIS", "0"), ConfigLoader.Flags.none())
                .database().checkpointIntervalMillis()).isZero();
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_DATABASE_CHECKPOINT_INTERVAL_MILLIS", "-1"),
                        ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.checkpointIntervalMillis must be 0 … 60000");
    }

    @Test
    void theConfigFlagWinsOverTheConfigVariable() throws Exception {
        Path flagged = yaml("port: 9300\n");

        Config config = loader.load(Map.of("PARLEY_CONFIG", dir.resolve("absent.yaml").toString()),
                configFlag(flagged));

        assertThat(config.port()).isEqualTo(9300);
    }

    @Test
    void dataDirAndNodeIdComeFromTheirVariables() {
        Config config = loader.load(Map.of("PARLEY_DATA_DIR", "/var/lib/parley", "PARLEY_NODE_ID", "5"),
                ConfigLoader.Flags.none());

        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/parley"));
        assertThat(config.nodeId()).isEqualTo(5);
    }

    @Test
    void anUnknownYamlKeyIsAnErrorNamingTheKey() throws Exception {
        Path file = yaml("gateway:\n  burstt: 5\n");

        assertThatThrownBy(() -> loader.load(Map.of(), configFlag(file)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'gateway.burstt'");
    }

    @Test
    void aSectionGivenAsAScalarIsAnError() throws Exception {
        Path file = yaml("gateway: fast\n");

        assertThatThrownBy(() -> loader.load(Map.of(), configFlag(file)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'gateway' must be a mapping");
    }

    @Test
    void aValueOfTheWrongTypeInYamlIsAnErrorNamingTheKey() throws Exception {
        Path file = yaml("port: eighty\n");

        assertThatThrownBy(() -> loader.load(Map.of(), configFlag(file)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port");
    }

    @Test
    void anUnparsableVariableIsAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_PORT", "http"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PARLEY_PORT").hasMessageContaining("http");
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_DATABASE_GROUP_COMMIT", "yes"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PARLEY_DATABASE_GROUP_COMMIT");
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheRule() {
        assertThatThrownBy(() -> loader.load(Map.of(), new ConfigLoader.Flags(70_000, null, null, null, null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port must be 0–65535");
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_NODE_ID", "99"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nodeId must be 0–31");
        assertThatThrownBy(() -> loader.load(Map.of("PARLEY_DATABASE_SYNCHRONOUS", "OFF"), ConfigLoader.Flags.none()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("synchronous must be FULL or NORMAL");
    }

    @Test
    void aMissingOrInvalidFileIsAnError() throws Exception {
        assertThatThrownBy(() -> loader.load(Map.of(), configFlag(dir.resolve("nope.yaml"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        Path broken = yaml("port: [1, 2\n");
        assertThatThrownBy(() -> loader.load(Map.of(), configFlag(broken)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void anEmptyFileChangesNothing() throws Exception {
        assertThat(loader.load(Map.of(), configFlag(yaml("")))).isEqualTo(Config.defaults());
    }

    @Test
    void variableNamesFollowTheKeyPath() {
        assertThat(ConfigLoader.screamingSnake("requestsPerSecond")).isEqualTo("REQUESTS_PER_SECOND");
        assertThat(ConfigLoader.screamingSnake("argon2MemoryKib")).isEqualTo("ARGON2_MEMORY_KIB");
    }
}
