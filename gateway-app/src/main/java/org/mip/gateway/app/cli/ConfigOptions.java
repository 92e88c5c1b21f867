package org.mip.gateway.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.config.ConfigLoader;
import org.mip.gateway.config.GatewayConfig;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}, shared by the commands that load the configuration. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file, layered over the defaults.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one key (highest precedence); repeatable. Lists of plain values are comma-separated.")
    List<String> sets = new ArrayList<>();

    public GatewayConfig load() {
        return ConfigLoader.load(file, ConfigLoader.parseSets(sets));
    }
}
