package org.mip.gateway.net.server;

import java.time.Duration;
import java.util.List;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAudit;

/** A DicomServer on 127.0.0.1, port 0, for tests; close() stops it. */
public final class TestServer implements AutoCloseable {
    public static final String AET = "MIPGW";

    public final DicomServer server;

    public TestServer(DicomServer server) {
        this.server = server;
    }

    public static TestServer start(TlsConfig tls, List<String> allowed, int maxPdu, int maxAssociations,
            AssociationAudit audit, DimseService... services) throws Exception {
        ServiceRegistry.Builder registry = ServiceRegistry.builder().add(new VerificationService());
        for (DimseService s : services) {
            registry.add(s);
        }
        DicomConfig config = new DicomConfig(AET, "127.0.0.1", 0, tls, allowed, maxPdu, maxAssociations);
        DicomServer server = new DicomServer(config, registry.build(), audit,
                ServerOptions.defaults().withArtimTimeout(Duration.ofSeconds(5)));
        server.start();
        return new TestServer(server);
    }

    public static TestServer start(DimseService... services) throws Exception {
        return start(TlsConfig.OFF, List.of(), 65536, 20, AssociationAudit.NONE, services);
    }

    /** Plain and TLS listeners; {@code tls.port()} -1 is replaced by an ephemeral port. */
    public static TestServer startTls(TlsConfig tls) throws Exception {
        return start(tls, List.of(), 65536, 20, AssociationAudit.NONE);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }
}
