package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** How {@code ./parley bench} answers arguments a scenario cannot run with. */
class BenchMainTest {
    @Test
    void anArgumentOutsideAScenariosRangeIsAUsageErrorThatNamesTheRangesNotAStackTrace() {
        StringWriter err = new StringWriter();

        int exit = BenchMain.commandLine().setErr(new PrintWriter(err, true)).execute("catchup", "--runs=60");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("parley bench catchup: updates 1–1,000,000 (a multiple of senders)")
                .contains("runs 1–50")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownOptionIsAlsoAUsageError() {
        StringWriter err = new StringWriter();

        int exit = BenchMain.commandLine().setErr(new PrintWriter(err, true)).execute("catchup", "--no-such-option");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }
}
