package dev.parley.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.BenchMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {
    @TempDir
    Path temp;

    private static CompareCommand parse(String... args) {
        CompareCommand command = new CompareCommand();
        CommandLine line = new CommandLine(command);
        line.parseArgs(args);
        return command;
    }

    @Test
    void parleyComesFirstThenEachPeerWithItsArchiveOnAndOff() {
        List<CompareCommand.Plan> plans = parse("--peers", "prosody,ejabberd").plans();

        assertThat(plans).extracting(plan -> plan.row().label).containsExactly("parley", "prosody-archive-on",
                "prosody-archive-off", "ejabberd-archive-on", "ejabberd-archive-off");
        assertThat(plans).extracting(plan -> plan.row().durable).containsExactly(true, true, false, true, false);
        // memory and startup do not depend on the archive: measured once per peer
        assertThat(plans.get(2).scenarios()).containsExactly(Metric.Scenario.MESSAGING);
        assertThat(plans.get(1).scenarios()).containsExactly(Metric.Scenario.MESSAGING, Metric.Scenario.IDLE,
                Metric.Scenario.STARTUP);
    }

    @Test
    void everyServerGetsTheSameLoadShapeThroughTheOrdinaryScenarioCommands() {
        CompareCommand command = parse("--clients", "100", "--rates", "10,20", "--step-seconds", "3");
        List<CompareCommand.Plan> plans = command.plans();
        Path dir = Path.of("/tmp/x");

        List<String> parley = command.scenarioArgs(plans.get(0), Metric.Scenario.MESSAGING, dir);
        List<String> ejabberd = command.scenarioArgs(plans.get(1), Metric.Scenario.MESSAGING, dir);

        assertThat(parley).startsWith("messaging", "--target", "parley").endsWith("--results", "/tmp/x");
        assertThat(ejabberd).startsWith("messaging", "--target", "ejabberd", "--archive", "on");
        assertThat(parley.subList(3, parley.size())).isEqualTo(ejabberd.subList(5, ejabberd.size()));
        assertThat(parley).containsSequence("--clients", "100").containsSequence("--rates", "10,20")
                .containsSequence("--step-seconds", "3");
        // Parley starts as the launcher starts it: with its self-made class-data archive
        assertThat(command.scenarioArgs(plans.get(0), Metric.Scenario.STARTUP, dir)).contains("--no-aot",
                "--server-jvm-option=-XX:+AutoCreateSharedArchive",
                "--server-jvm-option=-XX:SharedArchiveFile=/tmp/x/parley-server.jsa");
        assertThat(command.scenarioArgs(plans.get(0), Metric.Scenario.IDLE, dir)).containsSequence("--steps", "2000");
    }

    @Test
    void anUnknownPeerIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new BenchMain()).setErr(new PrintWriter(err))
                .execute("compare", "--peers", "openfire", "--results", temp.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--peers takes ejabberd and/or prosody");
    }
}
