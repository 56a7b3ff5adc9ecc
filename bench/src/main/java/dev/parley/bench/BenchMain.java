package dev.parley.bench;

import dev.parley.bench.compare.CompareCommand;
import dev.parley.bench.load.CatchupCommand;
import dev.parley.bench.load.FanoutCommand;
import dev.parley.bench.load.IdleCommand;
import dev.parley.bench.load.MessagingCommand;
import dev.parley.bench.load.StartupCommand;
import dev.parley.bench.writer.WriterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Entry point of {@code ./parley bench}: one subcommand per scenario. */
@Command(
        name = "parley bench",
        mixinStandardHelpOptions = true,
        description = "Runs a Parley benchmark and writes its results to bench/results/.",
        subcommands = {WriterCommand.class, StartupCommand.class, IdleCommand.class, MessagingCommand.class,
                CatchupCommand.class, CompareCommand.class, FanoutCommand.class})
public final class BenchMain implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark, for example: writer");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
