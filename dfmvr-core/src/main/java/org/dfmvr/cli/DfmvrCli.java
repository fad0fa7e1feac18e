package org.dfmvr.cli;

import org.dfmvr.config.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * {@code dfmvr}: the one command-line entry point. Each subcommand is the same class that {@code spark-submit --class}
 * runs on a cluster; here it runs in local Spark with the JVM flags set by {@code bin/dfmvr}.
 */
@Command(name = "dfmvr", mixinStandardHelpOptions = true, versionProvider = DfmvrCli.Version.class,
        description = "DF-MVR: weakly supervised multi-view 3D face reconstruction on Spark.",
        footer = {"", "Quick start:  bin/dfmvr quickstart", "Check setup:  bin/dfmvr doctor",
                "Help on one:  bin/dfmvr <command> --help"})
public final class DfmvrCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with every registered job and tool as a subcommand, in pipeline order. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DfmvrCli());
        List<JobCommand> commands = Stream.concat(
                        ServiceLoader.load(JobCommand.class).stream().map(ServiceLoader.Provider::get),
                        Stream.of(new QuickstartCommand(), new ModelCommand(), new DoctorCommand()))
                .sorted(Comparator.comparingInt(JobCommand::order)).toList();
        commands.forEach(cli::addSubcommand);
        return configure(cli);
    }

    /** Error handling shared by the CLI and the spark-submit mains: config mistakes exit 2 with the key named. */
    static CommandLine configure(CommandLine cli) {
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigError) {
                commandLine.getErr().println("dfmvr: config error: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            if (ex instanceof NotAvailableException) {
                commandLine.getErr().println("dfmvr: " + ex.getMessage());
                return ExitCodes.NOT_AVAILABLE;
            }
            throw ex;
        });
        return cli;
    }

    /** Runs {@code command} as a stand-alone program: the body of every job's {@code main} (spark-submit entry). */
    public static int execute(JobCommand command, String... args) {
        return configure(new CommandLine(command)).execute(args);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DfmvrCli.class.getPackage().getImplementationVersion();
            return new String[] {"dfmvr " + (v == null ? "(development build)" : v)};
        }
    }
}
