package org.mip.gateway.mwl.scp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.mwl.MwlFixture;
import org.mip.gateway.mwl.WorklistModule;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.server.ServerOptions;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAudit;

/**
 * Our SCP for ITs: a migrated database (H2 or PostgreSQL, {@link MwlFixture}), a started {@link WorklistModule}
 * over it, and a {@link DicomServer} on 127.0.0.1 port 0 with C-ECHO plus {@link MwlServices} (or the services
 * given).
 */
final class MwlTestServer implements AutoCloseable {
    final MwlFixture fixture;
    final WorklistModule module;
    final DicomServer server;

    private MwlTestServer(MwlFixture fixture, WorklistModule module, DicomServer server) {
        this.fixture = fixture;
        this.module = module;
        this.server = server;
    }

    static MwlTestServer start(String engine, Path tmp, String aet) throws Exception {
        MwlFixture f = new MwlFixture(engine, tmp);
        WorklistModule module = new WorklistModule(() -> f.db,
                new MwlConfig(List.of(new MwlConfig.Station("MRI_1", "MR", "MRI one"))), MwlFixture.CLOCK);
        module.start();
        try {
            return new MwlTestServer(f, module, server(aet, MwlServices.of(module)));
        } catch (Exception e) {
            f.close();
            throw e;
        }
    }

    /** Another listener over the same module, e.g. with other query options. */
    static DicomServer server(String aet, List<DimseService> services) throws Exception {
        ServiceRegistry.Builder registry = ServiceRegistry.builder().add(new VerificationService());
        services.forEach(registry::add);
        DicomServer server = new DicomServer(new DicomConfig(aet, "127.0.0.1", 0, TlsConfig.OFF, List.of(), 65536, 20),
                registry.build(), AssociationAudit.NONE, ServerOptions.defaults().withArtimTimeout(Duration.ofSeconds(5)));
        server.start();
        return server;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
        module.stop(Duration.ZERO);
        fixture.close();
    }
}
