package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.account.AuthMethods.SessionInfo;
import dev.parley.protocol.account.AuthMethods.Sessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
    private final StringWriter buffer = new StringWriter();

    private Output output(boolean json) {
        return new Output(new PrintWriter(buffer), json, new JsonCodec(), ZoneOffset.UTC);
    }

    private final List<SessionInfo> sessions = List.of(
            new SessionInfo(1001, "laptop", 1_764_000_000, 1_764_100_000, true),
            new SessionInfo(20002, "phone of alice", 1_764_050_000, 1_764_050_060, false));

    @Test
    void sessionsPrintAsAnAlignedTableWithTheCurrentOneMarked() {
        assertThat(SessionsCommand.render(sessions, output(false))).isEqualTo("""
                   ID     DEVICE          CREATED           LAST ACTIVE
                *  1001   laptop          2025-11-24 16:00  2025-11-25 19:46
                   20002  phone of alice  2025-11-25 05:53  2025-11-25 05:54""");
    }

    @Test
    void jsonModePrintsOneObjectOnOneLine() {
        Output output = output(true);
        output.result(new Sessions(sessions), "ignored");
        assertThat(buffer.toString().lines().toList()).containsExactly(
                "{\"sessions\":[{\"sessionId\":1001,\"deviceName\":\"laptop\",\"createdAt\":1764000000,"
                        + "\"lastActiveAt\":1764100000,\"current\":true},{\"sessionId\":20002,\"deviceName\":"
                        + "\"phone of alice\",\"createdAt\":1764050000,\"lastActiveAt\":1764050060,\"current\":false}]}");
    }

    @Test
    void humanModePrintsTheText() {
        output(false).result(new Sessions(sessions), "Logged out.");
        assertThat(buffer.toString()).isEqualTo("Logged out." + System.lineSeparator());
    }

    @Test
    void tablesCountCodePointsNotUtf16Units() {
        assertThat(Output.table(List.of("A", "B"), List.of(List.of("𝒳𝒴", "1"), List.of("abc", "2")))).isEqualTo("""
                A    B
                𝒳𝒴   1
                abc  2""");
    }

    @Test
    void errorsNameTheirCode() {
        assertThat(Output.errorLine("USERNAME_TAKEN", "that username is taken"))
                .isEqualTo("error: USERNAME_TAKEN: that username is taken");
    }
}
