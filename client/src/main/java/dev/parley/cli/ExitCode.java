package dev.parley.cli;

/** The CLI's exit codes (docs/SDK.md). */
final class ExitCode {
    private ExitCode() {}

    static final int OK = 0;
    /** The server answered with an error (or the input was refused by the same validation before sending). */
    static final int SERVER_ERROR = 1;
    /** Bad command line; picocli's default for invalid input. */
    static final int USAGE = 2;
    /** The server cannot be reached or did not answer in time, or there is no valid saved session. */
    static final int UNAVAILABLE = 3;
}
