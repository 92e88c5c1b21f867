package org.mip.gateway.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.mip.gateway.app.http.StudiesApi;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.storescp.ArchiveStoreService;
import org.mip.gateway.storescp.StorageArchive;
import org.mip.gateway.storescp.StoreAuditTrail;
import org.mip.gateway.storescp.TimedArchiveFs;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.commit.ClientReportSender;
import org.mip.gateway.storescp.commit.RequesterAddresses;
import org.mip.gateway.storescp.commit.StorageCommitmentService;
import org.mip.gateway.storescp.forward.ForwardService;
import org.mip.gateway.storescp.forward.ScuForwardSender;
import org.mip.gateway.storescp.query.StudyQuery;
import java.util.concurrent.CountDownLatch;
import org.mip.gateway.app.http.AuditApi;
import org.mip.gateway.app.http.HttpService;
import org.mip.gateway.app.http.OperationsApi;
import org.mip.gateway.app.http.ReportsApi;
import org.mip.gateway.app.http.WorklistApi;
import org.mip.gateway.app.metrics.GatewayMetrics;
import org.mip.gateway.app.metrics.OutboxGauges;
import org.mip.gateway.app.security.HttpAuth;
import org.mip.gateway.app.web.Console;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditForwarder;
import org.mip.gateway.audit.AuditService;
import org.mip.gateway.config.GatewayConfig;
import org.mip.gateway.db.DatabaseService;
import org.mip.gateway.hl7.Hl7Module;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.Lifecycle;
import org.mip.gateway.mwl.WorklistModule;
import org.mip.gateway.mwl.scp.MwlServices;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.server.ServerOptions;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the services of one gateway process, in start order: database, audit, worklist, HL7 bridge,
 * DICOM listener, HTTP. They stop in reverse order, so the listeners stop taking work before the
 * modules and the database behind them go away.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** Each module's schema, migrated in this order at start. */
    static final List<String> SCHEMAS = List.of("core", WorklistModule.SCHEMA, Hl7Module.SCHEMA, ArchiveIndex.SCHEMA);

    private final GatewayConfig config;
    private final Lifecycle lifecycle;
    private final DatabaseService database;
    private final AuditService audit;
    private final WorklistModule worklist;
    private final Hl7Module hl7;
    private final DicomServer dicom;
    private final StorageArchive archive;
    private final ForwardService forward;
    private final DicomClient dicomClient;
    private final HttpService http;
    private final GatewayMetrics metrics;
    private final ServiceRegistry dicomServices;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    public Gateway(GatewayConfig config, Clock clock, MeterRegistry meters) {
        this.config = config;
        metrics = new GatewayMetrics(meters);
        meters = metrics.registry(); // Prometheus (GET /metrics) and the caller's registry
        database = new DatabaseService(config.db(), SCHEMAS);
        audit = new AuditService(database::database, clock);
        worklist = new WorklistModule(database::database, config.mwl(), clock);
        hl7 = new Hl7Module(database::database, worklist::bookings, audit::log, config.hl7(), config.mwl(), clock, meters);
        new OutboxGauges(database::database, clock, meters);
        // every fsync a C-STORE waits for is timed (mipgw_archive_fsync_seconds)
        archive = new StorageArchive(config.storage(), database::database, clock,
                new BookingWorklistLink(worklist::bookings), new TimedArchiveFs(ArchiveFs.DEFAULT, metrics.dicom()));
        StoreAuditTrail storeAudit = new StoreAuditTrail(database::database, audit);
        dicomClient = new DicomClient(2, AssociationAudit.NONE);
        forward = new ForwardService(config.storage().forward(), database::database, config.storage().archiveDir(),
                new ScuForwardSender(dicomClient, ClientOptions.defaults(), config.dicom().aet()), clock,
                ForwardService.Options.defaults());
        archive.onStored(forward::wakeUp);
        archive.metrics(metrics.dicom()); // mipgw_archive_index_commit_seconds, mipgw_archive_index_group_instances
        // Storage commitment reports go on the requester's association while it is open, else on a new
        // association to its storage.commitment-peers (or forward) address (PS3.4 J.3.3.1.2).
        StorageCommitmentService commitment = new StorageCommitmentService(archive::index, archive.layout(),
                new ClientReportSender(dicomClient, ClientOptions.defaults(), config.dicom().aet()),
                RequesterAddresses.of(config.storage()), Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "storage-commitment");
                    t.setDaemon(true);
                    return t;
                }));
        ServiceRegistry registry = MwlServices.addTo(ServiceRegistry.builder()
                .add(new VerificationService())
                .add(new ArchiveStoreService(archive, metrics.dicom(), storeAudit))
                .add(commitment), worklist, metrics.dicom(), audit)
                .build();
        dicomServices = registry;
        AssociationAudit associations = (outcome, actor, source, detail) -> {
            metrics.association(outcome, detail);
            if (ended(outcome, detail)) { // its stores are audited before its end
                storeAudit.associationEnded(actor, source, outcome == AuditEvent.Outcome.SUCCESS);
            }
            audit.recordLater(AssociationAudit.ACTION, outcome, actor, source, detail);
        };
        dicom = new DicomServer(config.dicom(), registry, associations, ServerOptions.defaults());
        Lifecycle[] self = new Lifecycle[1];
        http = new HttpService(config.http(), () -> self[0].states());
        http.addRoutes(new HttpAuth(config.http(), () -> audit)::routes); // first: every route after /health
        http.addRoutes(metrics::routes);
        http.addRoutes(new AuditApi(() -> audit, worklist::bookings)::routes);
        http.addRoutes(new Console()::routes);
        http.addRoutes(new WorklistApi(worklist::bookings, config.hl7())::routes);
        http.addRoutes(new ReportsApi(() -> hl7)::routes);
        http.addRoutes(new StudiesApi(() -> new StudyQuery(database.database()))::routes);
        http.addRoutes(new OperationsApi(database::database, () -> hl7, clock)::routes);
        List<GatewayService> services = new java.util.ArrayList<>(List.of(database, audit));
        if (config.audit().syslog().enabled()) {
            services.add(new AuditForwarder(audit::log, config.audit().syslog()));
        }
        // HTTP starts last, so that /health answers 200 only when everything else is up.
        services.addAll(List.of(worklist, hl7, archive, dicom, forward, http));
        lifecycle = new Lifecycle(services);
        self[0] = lifecycle;
    }

    /** Whether an association event (see {@code UpperLayerHandler}) is its end: released, aborted or lost. */
    static boolean ended(AuditEvent.Outcome outcome, String detail) {
        String d = detail == null ? "" : detail;
        return outcome != AuditEvent.Outcome.REJECTED && !d.startsWith("accepted")
                && !d.startsWith("established");
    }

    public void start() throws Exception {
        lifecycle.start();
    }

    public void stop() {
        lifecycle.stop(config.shutdownGrace());
        dicomClient.close();
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public WorklistModule worklist() {
        return worklist;
    }

    public Hl7Module hl7() {
        return hl7;
    }

    public StorageArchive archive() {
        return archive;
    }

    public DicomServer dicom() {
        return dicom;
    }

    public HttpService http() {
        return http;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The DICOM services by SOP class, as the listener serves them (the conformance statement lists these). */
    public ServiceRegistry dicomServices() {
        return dicomServices;
    }

    /**
     * {@code mipgw run}: start, serve until SIGTERM/SIGINT, stop in reverse order within the grace
     * period, and return exit code 0. The signals are handled here (not by a JVM shutdown hook) so
     * that an orderly stop ends with status 0 rather than 143.
     */
    public static int runUntilSignalled(GatewayConfig config) throws Exception {
        Logging.configureForRun(config.data().logDir());
        long t0 = System.nanoTime();
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onTermination(stopRequested::countDown);
        Gateway gateway = new Gateway(config);
        Thread hook = new Thread(gateway::stop, "mipgw-shutdown");
        Runtime.getRuntime().addShutdownHook(hook); // any other way out (System.exit elsewhere, SIGHUP)
        try {
            gateway.start();
        } catch (Exception e) {
            log.error("MIP Gateway failed to start: {}", e.getMessage());
            throw e;
        }
        log.info("MIP Gateway {} started in {} ms (AE title {}, data in {})", version(),
                (System.nanoTime() - t0) / 1_000_000, config.dicom().aet(), config.data().dir());
        stopRequested.await();
        log.info("stopping (grace period {} s)", config.shutdownGrace().toSeconds());
        long t1 = System.nanoTime();
        gateway.stop();
        log.info("MIP Gateway stopped in {} ms", Duration.ofNanos(System.nanoTime() - t1).toMillis());
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs stop() again, which is idempotent
        }
        return 0;
    }

    private static String version() {
        String v = Gateway.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
