package org.mip.gateway.config;

import java.nio.file.Path;

/** {@code data.dir}: everything the gateway writes, as an absolute path. */
public record DataConfig(Path dir) {
    public Path logDir() {
        return dir.resolve("logs");
    }
}
