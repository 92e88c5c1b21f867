package org.mip.gateway.mwl.scp;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.config.Secret;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.mwl.WorklistImporter;
import org.mip.gateway.mwl.WorklistModule;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.server.ServerOptions;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.net.ul.AssociationAudit;

/**
 * A worklist SCP for benchmarks (bench/mwl_bench_target.sh), run with the test class path until the gateway
 * wires the MWL services: migrates the database, imports the given {@code .wl} folders/files, prints
 * {@code LISTENING <port>} and serves MWL C-FIND + MPPS + C-ECHO until the process is terminated.
 *
 * <pre>java -cp ... org.mip.gateway.mwl.scp.MwlServerMain AET PORT JDBC_URL USER PASSWORD [PATH...]</pre>
 */
public final class MwlServerMain {
    private MwlServerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: MwlServerMain AET PORT JDBC_URL USER PASSWORD [PATH...]");
            System.exit(2);
        }
        DbConfig dbConfig = new DbConfig(args[2], args[3], new Secret(args[4]), 8);
        Database db = Database.open(dbConfig);
        db.migrate("core");
        db.migrate("mwl");
        WorklistModule module = new WorklistModule(() -> db, new MwlConfig(List.of()), Clock.systemUTC());
        module.start();
        List<Path> paths = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            paths.add(Path.of(args[i]));
        }
        if (!paths.isEmpty()) {
            long t0 = System.nanoTime();
            WorklistImporter.Result r = new WorklistImporter(module.bookings()).importPaths(paths, null, "bench");
            System.out.printf("IMPORTED created=%d updated=%d failed=%d in %.1f s%n", r.created(), r.updated(),
                    r.failures().size(), (System.nanoTime() - t0) / 1e9);
            r.failures().stream().limit(5).forEach(f -> System.out.println("  failed: " + f));
        }
        ServiceRegistry registry = MwlServices.addTo(ServiceRegistry.builder().add(new VerificationService()), module)
                .build();
        DicomServer server = new DicomServer(new DicomConfig(args[0], "127.0.0.1", Integer.parseInt(args[1]),
                TlsConfig.OFF, List.of(), 65536, 100), registry, AssociationAudit.NONE, ServerOptions.defaults());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(2));
            module.stop(Duration.ZERO);
            db.close();
        }));
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        Thread.currentThread().join(); // until SIGTERM (the shutdown hook stops the server)
    }
}
