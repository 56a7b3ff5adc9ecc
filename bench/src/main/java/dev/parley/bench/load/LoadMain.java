package dev.parley.bench.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the load scenarios on their own ({@code java -cp … dev.parley.bench.load.LoadMain idle}). */
@Command(name = "parley-load", mixinStandardHelpOptions = true,
        description = "Parley load scenarios: startup, idle, messaging, catchup.",
        subcommands = {StartupCommand.class, IdleCommand.class})
public final class LoadMain implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a scenario: startup, idle, messaging or catchup");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }
}
