package dev.parley.cli;

/** A failure the CLI reports as {@code error: <message>} with a chosen exit code (see {@link ExitCode}). */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException notLoggedIn() {
        return new CliException(ExitCode.UNAVAILABLE, "not logged in: run 'parley cli login <username>' first");
    }
}
