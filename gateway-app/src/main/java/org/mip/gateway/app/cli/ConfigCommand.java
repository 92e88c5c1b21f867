package org.mip.gateway.app.cli;

import java.util.concurrent.Callable;
import org.mip.gateway.config.ConfigPrinter;
import org.mip.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", description = "Configuration tools.", subcommands = ConfigCommand.Check.class,
        mixinStandardHelpOptions = true)
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the configuration and print the effective values (secrets masked). "
                    + "Exits non-zero naming the key and the reason when it is invalid.")
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            GatewayConfig config = options.load();
            spec.commandLine().getOut().print(ConfigPrinter.print(config));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
