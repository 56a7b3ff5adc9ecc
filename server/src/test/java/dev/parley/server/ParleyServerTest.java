package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Limits;
import dev.parley.server.testing.RawClient;
import dev.parley.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The wired server as users start it: one port, health, the gateway's own methods, restarts, bad config. */
class ParleyServerTest {
    @RegisterExtension
    final TestServer server = TestServer.create();

    @Test
    void aFreshServerIsHealthyAndAnswersHelpGetConfigOverBothTransports() {
        try (RawClient client = server.client()) {
            assertThat(client.get("/health").json().path("status").asText()).isEqualTo("ok");
            assertThat(client.post("help.getConfig", "{}", null).json().path("result").path("protocolVersion")
                    .asInt()).isEqualTo(Limits.PROTOCOL_VERSION);
            assertThat(client.openWebSocket().request("help.getConfig", Map.of()).path("result").path("burst")
                    .asInt()).isEqualTo(server.config().gateway().burst());
        }
    }

    @Test
    void restartKeepsTheDataDirectoryAndThePort() {
        int port = server.port();
        server.database().write(handle -> handle.execute("CREATE TABLE restart_probe (x INTEGER)")
                + handle.execute("INSERT INTO restart_probe VALUES (42)"));

        server.restart();

        assertThat(server.port()).isEqualTo(port);
        int probe = server.database().read(handle -> handle.createQuery("SELECT x FROM restart_probe")
                .mapTo(Integer.class).one());
        assertThat(probe).isEqualTo(42);
        try (RawClient client = server.client()) {
            assertThat(client.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void theServerCommandExitsWith2AndAClearMessageOnBadConfig() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Main()).setErr(new PrintWriter(err));

        int exit = command.execute("server", "--port", "70000", "--data-dir", server.dataDir().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("invalid configuration").contains("port must be 0–65535");
    }
}
