package org.mip.gateway.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.mip.gateway.app.http.HttpService;
import org.mip.gateway.app.http.WorklistApi;
import org.mip.gateway.config.GatewayConfig;
import org.mip.gateway.db.DatabaseService;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.Lifecycle;
import org.mip.gateway.mwl.WorklistModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the services of one gateway process, in start order. */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** Each module's schema, migrated in this order at start. */
    static final List<String> SCHEMAS = List.of("core", WorklistModule.SCHEMA);

    private final GatewayConfig config;
    private final Lifecycle lifecycle;
    private final DatabaseService database;
    private final HttpService http;
    private final WorklistModule worklist;

    public Gateway(GatewayConfig config) {
        this.config = config;
        List<GatewayService> services = new ArrayList<>();
        database = new DatabaseService(config.db(), SCHEMAS);
        services.add(database);
        worklist = new WorklistModule(database::database, config.mwl(), Clock.systemUTC());
        services.add(worklist);
        // The HTTP listener starts last, so that /health answers 200 only when everything else is up.
        Lifecycle[] self = new Lifecycle[1];
        http = new HttpService(config.http(), () -> self[0].states());
        http.addRoutes(new WorklistApi(worklist::bookings, config.hl7())::routes);
        services.add(http);
        lifecycle = new Lifecycle(services);
        self[0] = lifecycle;
    }

    public void start() throws Exception {
        lifecycle.start();
    }

    public void stop() {
        lifecycle.stop(config.shutdownGrace());
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public WorklistModule worklist() {
        return worklist;
    }

    public HttpService http() {
        return http;
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
