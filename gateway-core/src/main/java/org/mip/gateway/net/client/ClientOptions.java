package org.mip.gateway.net.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of an outgoing association.
 *
 * @param connectTimeout TCP (and TLS) connect
 * @param associateTimeout wait for the A-ASSOCIATE-AC/RJ, and for the A-RELEASE-RP
 * @param responseTimeout wait for each DIMSE response; on expiry the association is aborted
 * @param maxPdu the Maximum Length we announce (PS3.8 D.1)
 * @param tls null for plain TCP
 */
public record ClientOptions(Duration connectTimeout, Duration associateTimeout, Duration responseTimeout, int maxPdu,
        Tls tls) {

    /**
     * TLS (PS3.15 B.1): {@code trust} holds the CA certificates the server must chain to (null: the JVM's
     * trust store); {@code cert}/{@code key} (PEM, PKCS#8) are our client certificate, if any.
     */
    public record Tls(Path trust, Path cert, Path key) {}

    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 65536, null);
    }

    public ClientOptions withTls(Tls tls) {
        return new ClientOptions(connectTimeout, associateTimeout, responseTimeout, maxPdu, tls);
    }

    public ClientOptions withMaxPdu(int maxPdu) {
        return new ClientOptions(connectTimeout, associateTimeout, responseTimeout, maxPdu, tls);
    }

    public ClientOptions withResponseTimeout(Duration d) {
        return new ClientOptions(connectTimeout, associateTimeout, d, maxPdu, tls);
    }
}
