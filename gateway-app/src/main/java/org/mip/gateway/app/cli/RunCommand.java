package org.mip.gateway.app.cli;

import java.util.concurrent.Callable;
import org.mip.gateway.app.Gateway;
import org.mip.gateway.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start every service (database, HTTP API; DICOM and HL7 listeners as they are added) "
                + "and serve until SIGTERM or Ctrl-C.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = options.load();
        return Gateway.runUntilSignalled(config);
    }
}
