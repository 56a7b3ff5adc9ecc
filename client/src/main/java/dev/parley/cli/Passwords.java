package dev.parley.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads passwords without ever taking them from the command line (where other users see them in the process list
 * and shells keep them in history): from an environment variable, else a terminal prompt without echo, else one
 * line of standard input.
 */
final class Passwords {
    static final String PASSWORD = "PARLEY_PASSWORD";
    static final String NEW_PASSWORD = "PARLEY_NEW_PASSWORD";

    private final CliEnvironment environment;

    Passwords(CliEnvironment environment) {
        this.environment = environment;
    }

    /** An existing password (login, delete). */
    String current(String variable, String prompt) {
        return read(variable, prompt, false);
    }

    /** A new password; at a terminal it is asked twice to catch typos. */
    String fresh(String variable, String prompt) {
        return read(variable, prompt, true);
    }

    private String read(String variable, String prompt, boolean confirm) {
        Optional<String> fromEnvironment = environment.variable(variable);
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get();
        }
        if (environment.terminal().isPresent()) {
            var console = environment.terminal().get();
            char[] first = console.readPassword("%s", prompt);
            if (first == null) {
                throw new CliException(ExitCode.USAGE, "no password given");
            }
            if (confirm) {
                char[] again = console.readPassword("%s", "Repeat: ");
                if (again == null || !Arrays.equals(first, again)) {
                    throw new CliException(ExitCode.USAGE, "the passwords do not match");
                }
            }
            return new String(first);
        }
        try {
            String line = environment.stdin().readLine();
            if (line == null) {
                throw new CliException(ExitCode.USAGE,
                        "no password: set " + variable + " or write it as one line on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read the password from standard input: " + e.getMessage());
        }
    }
}
