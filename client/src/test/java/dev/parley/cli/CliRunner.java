package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.JsonCodec;
import dev.parley.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs the CLI in-process against a test server exactly as {@code ./parley cli} would (same command tree, a profile
 * directory, the environment and standard input it is given), capturing what it prints. Shared by the CLI specs.
 */
final class CliRunner {
    static final String PASSWORD = "correct horse battery";

    /** What one CLI run printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json(JsonCodec codec) {
            return codec.readTree(out.strip());
        }

        List<JsonNode> lines(JsonCodec codec) {
            return out.lines().map(codec::readTree).toList();
        }
    }

    private final TestServer server;

    CliRunner(TestServer server) {
        this.server = server;
    }

    /** A run with {@code env} (PARLEY_SERVER added) and {@code stdin}. */
    Run run(Path profile, Map<String, String> env, String stdin, String... args) {
        Map<String, String> variables = new HashMap<>(env);
        variables.put("PARLEY_SERVER", server.httpUri().toString());
        CliEnvironment environment = new CliEnvironment(variables, new BufferedReader(new StringReader(stdin)),
                Optional.empty(), ZoneOffset.UTC);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Cli(environment));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--profile", profile.toString()));
        all.addAll(List.of(args));
        return new Run(command.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** A run with the password in {@code PARLEY_PASSWORD} and empty standard input. */
    Run run(Path profile, String... args) {
        return run(profile, Map.of("PARLEY_PASSWORD", PASSWORD), "", args);
    }

    /** A run that must succeed (exit 0; the assertion shows the arguments and what went to standard error). */
    Run ok(Path profile, String... args) {
        Run run = run(profile, args);
        assertThat(run.exit()).as("%s: %s", List.of(args), run.err()).isZero();
        return run;
    }
}
