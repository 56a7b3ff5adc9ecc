package dev.parley.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from its surroundings besides arguments: environment variables, standard input, the terminal
 * (for prompts without echo) and the time zone for printing times. Tests pass their own.
 */
public record CliEnvironment(Map<String, String> variables, BufferedReader stdin, Optional<Console> terminal,
                             ZoneId zone) {
    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The real process environment; the console counts only when it is an interactive terminal. */
    public static CliEnvironment system() {
        Console console = System.console();
        return new CliEnvironment(System.getenv(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                Optional.ofNullable(console).filter(Console::isTerminal), ZoneId.systemDefault());
    }

    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
    }
}
