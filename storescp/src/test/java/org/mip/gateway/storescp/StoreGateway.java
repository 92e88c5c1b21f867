package org.mip.gateway.storescp;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.StorageConfig;
import org.mip.gateway.config.StorageConfig.CommitmentPeer;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.server.ServerOptions;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.commit.ClientReportSender;
import org.mip.gateway.storescp.commit.RequesterAddresses;
import org.mip.gateway.storescp.commit.StorageCommitmentService;
import org.mip.gateway.storescp.forward.ForwardService;
import org.mip.gateway.storescp.forward.ScuForwardSender;
import org.mip.gateway.storescp.reconcile.WorklistLink;

/**
 * The storage side of the gateway wired as gateway-app would wire it (database → archive → DICOM listener →
 * forwarder; stopped in reverse): for interop tests, the crash test's server process and the benchmark.
 */
public final class StoreGateway implements AutoCloseable {
    public static final String AET = "MIPGW";

    public final Database db;
    public final StorageArchive archive;
    public final DicomServer server;
    public final ForwardService forward;
    public final StorageCommitmentService commitment;
    private final DicomClient client;

    private StoreGateway(Database db, StorageArchive archive, DicomServer server, ForwardService forward,
                         StorageCommitmentService commitment, DicomClient client) {
        this.client = client;
        this.db = db;
        this.archive = archive;
        this.server = server;
        this.forward = forward;
        this.commitment = commitment;
    }

    /**
     * @param port 0 for an ephemeral port
     * @param commitmentPeers {@code storage.commitment-peers}: where storage commitment reports go on a
     *     new association, by calling AE title (else the forward destination of that AE title)
     */
    public static StoreGateway start(DbConfig dbConfig, Path archiveDir, int port, OnDuplicate onDuplicate,
                                     List<ForwardDestination> forwardTo, ForwardService.Options forwardOptions,
                                     List<CommitmentPeer> commitmentPeers) throws Exception {
        Database db = Database.open(dbConfig);
        db.migrate(ArchiveIndex.SCHEMA);
        StorageConfig storage = new StorageConfig(archiveDir, onDuplicate, forwardTo, commitmentPeers);
        StorageArchive archive = new StorageArchive(storage, () -> db, Clock.systemUTC(), WorklistLink.NONE);
        archive.start();
        DicomClient client = new DicomClient(2, AssociationAudit.NONE);
        StorageCommitmentService commitment = new StorageCommitmentService(archive::index, archive.layout(),
                new ClientReportSender(client, ClientOptions.defaults(), AET),
                RequesterAddresses.of(storage), Executors.newSingleThreadExecutor());
        ServiceRegistry registry = ServiceRegistry.builder().add(new VerificationService())
                .add(new ArchiveStoreService(archive)).add(commitment).build();
        DicomServer server = server(port, registry);
        ForwardService forward = new ForwardService(forwardTo, () -> db, archiveDir,
                new ScuForwardSender(client, ClientOptions.defaults().withResponseTimeout(Duration.ofSeconds(30)), AET),
                Clock.systemUTC(), forwardOptions);
        forward.start();
        archive.onStored(forward::wakeUp);
        return new StoreGateway(db, archive, server, forward, commitment, client);
    }

    /** The gateway's DICOM listener on loopback with {@code registry}'s services, started. */
    static DicomServer server(int port, ServiceRegistry registry) throws Exception {
        DicomServer server = new DicomServer(new DicomConfig(AET, "127.0.0.1", port, TlsConfig.OFF, List.of(), 65536, 50),
                registry, AssociationAudit.NONE, ServerOptions.defaults());
        server.start();
        return server;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(5));
        forward.stop(Duration.ofSeconds(5));
        commitment.shutdown(2000);
        archive.stop(Duration.ofSeconds(5));
        client.close();
        db.close();
    }

    static DbConfig h2(Path dir) {
        return new DbConfig("jdbc:h2:file:" + dir.toAbsolutePath().resolve("db/gateway"), "sa",
                new org.mip.gateway.config.Secret(""), 8);
    }
}
