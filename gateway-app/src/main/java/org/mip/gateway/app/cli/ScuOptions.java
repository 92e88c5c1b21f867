package org.mip.gateway.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.mip.gateway.net.client.ClientOptions;
import picocli.CommandLine.Option;

/** Options shared by the SCU commands ({@code echo}, {@code store}). */
public final class ScuOptions {
    @Option(names = {"-aet", "--calling-aet"}, paramLabel = "AET", defaultValue = "MIPGW_SCU",
            description = "Our (calling) AE title (default ${DEFAULT-VALUE}).")
    String callingAet;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Connect and response timeout in seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--max-pdu", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest PDU we receive (default ${DEFAULT-VALUE}).")
    int maxPdu;

    @Option(names = "--tls", description = "Use TLS (PS3.15 B.1).")
    boolean tls;

    @Option(names = "--tls-trust", paramLabel = "PEM", description = "CA certificates the peer must chain to.")
    Path trust;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Our certificate, when the peer checks clients.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Our private key (PKCS#8 PEM).")
    Path key;

    ClientOptions clientOptions() {
        Duration t = Duration.ofSeconds(timeoutSeconds);
        ClientOptions o = ClientOptions.defaults().withMaxPdu(maxPdu).withResponseTimeout(t);
        return tls ? o.withTls(new ClientOptions.Tls(trust, cert, key)) : o;
    }
}
