package org.mip.gateway.app;

import org.mip.gateway.app.cli.ConfigCommand;
import org.mip.gateway.app.cli.DumpCommand;
import org.mip.gateway.app.cli.EchoCommand;
import org.mip.gateway.app.cli.StoreCommand;
import org.mip.gateway.app.cli.WorklistCommand;
import org.mip.gateway.app.cli.RunCommand;
import org.mip.gateway.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code mipgw} launcher. Exit codes: 0 success, 1 failure, 2 invalid usage or configuration. */
@Command(name = "mipgw", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "MIP Gateway: DICOM worklist, image ingest and HL7 bridge for mobile imaging.",
        subcommands = {RunCommand.class, ConfigCommand.class, DumpCommand.class, WorklistCommand.class,
            EchoCommand.class, StoreCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_CONFIG = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        Logging.shutdown();
        System.exit(code);
    }

    /** The command line with its error handling; tests call it without exiting the JVM. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("mipgw: " + e.getMessage());
                return EXIT_CONFIG;
            }
            cmd.getErr().println("mipgw: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (Boolean.getBoolean("mipgw.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return EXIT_FAILURE;
        });
        return cl;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mipgw " + (v == null ? "(development build)" : v)};
        }
    }
}
