package org.mip.gateway.config;

import java.nio.file.Path;

/**
 * A TLS listener: {@code port} 0 means off. {@code trust} (optional) holds the CA certificates that
 * client certificates must chain to; when present, clients must present one (PS3.15 B.1).
 */
public record TlsConfig(int port, Path cert, Path key, Path trust) {
    public static final TlsConfig OFF = new TlsConfig(0, null, null, null);

    public boolean enabled() {
        return port != 0;
    }

    public boolean clientAuth() {
        return trust != null;
    }
}
