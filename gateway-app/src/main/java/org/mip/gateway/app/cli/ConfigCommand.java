package org.mip.gateway.app.cli;

import java.util.concurrent.Callable;
import org.mip.gateway.config.ConfigPrinter;
import org.mip.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", description = "Configuration tools.", subcommands = {ConfigCommand.Check.class, ConfigCommand.HashPassword.class},
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

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Read a password (from the console without echo, else one line of standard input) and "
                    + "print its hash for the password-hash field of an http.users entry.")
    static final class HashPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            char[] password;
            java.io.Console console = System.console();
            if (console != null) {
                password = console.readPassword("password: ");
                char[] again = console.readPassword("again: ");
                if (password == null || again == null || !java.util.Arrays.equals(password, again)) {
                    spec.commandLine().getErr().println("the passwords differ");
                    return 1;
                }
            } else {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password.length < 8) {
                spec.commandLine().getErr().println("a password needs at least 8 characters");
                return 1;
            }
            spec.commandLine().getOut().println(org.mip.gateway.app.security.PasswordHash.hash(password));
            spec.commandLine().getOut().flush();
            java.util.Arrays.fill(password, ' ');
            return 0;
        }
    }
}
