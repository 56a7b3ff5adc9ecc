package dev.parley.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Points in time as users type them: an ISO instant ({@code 2026-12-24T18:00:00Z}) or Unix seconds. */
final class Dates {
    private Dates() {}

    static long unixSeconds(String option, String value) {
        if (value.matches("\\d+")) {
            return Long.parseLong(value);
        }
        try {
            return Instant.parse(value).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCode.USAGE, option + ": an ISO instant (2026-12-24T18:00:00Z) or Unix seconds");
        }
    }

    /** As above for an optional option: absent is 0 (the protocol's "never" / "forever"). */
    static long unixSecondsOrZero(String option, String value) {
        return value == null ? 0 : unixSeconds(option, value);
    }
}
