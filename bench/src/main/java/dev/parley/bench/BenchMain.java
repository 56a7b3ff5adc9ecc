package dev.parley.bench;

import dev.parley.bench.compare.CompareCommand;
import dev.parley.bench.e2e.E2eGroupCommand;
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
                CatchupCommand.class, CompareCommand.class, E2eGroupCommand.class, FanoutCommand.class})
public final class BenchMain implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark, for example: writer");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The bench's command line. A scenario rejects arguments outside its ranges with an IllegalArgumentException that
     * names them: a usage error (the message on stderr, picocli's exit code for invalid input), not a stack trace.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchMain()).setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof IllegalArgumentException) {
                command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
                return command.getCommandSpec().exitCodeOnInvalidInput();
            }
            throw failure;
        });
    }
}
