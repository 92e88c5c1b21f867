package org.mip.gateway.storescp;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.Secret;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.server.DicomServer;
import org.mip.gateway.net.service.CStoreService;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.net.service.VerificationService;
import org.mip.gateway.storescp.forward.ForwardService;

/**
 * A storage-only gateway process, for the crash test and the benchmark:
 * {@code StoreServerMain DATA_DIR PORT [keep-both|overwrite|reject] [JDBC_URL USER PASSWORD] [--forward AET@HOST:PORT]
 * [--admin HTTP_PORT]}. Prints {@code READY <port>} when it listens; stops on SIGTERM. With {@code --admin}, a
 * loopback HTTP endpoint for benchmark scripts: {@code GET /count} (instances indexed), {@code POST /reset}
 * (empty index; the archive's folders are moved to {@code DATA_DIR/trash}, not deleted, see {@link BenchAdmin};
 * call it only while idle), {@code GET /heap} (peak heap used since start, MB).
 *
 * <p>{@code StoreServerMain --discard PORT} starts the same DICOM listener (AE title, PDU size, threads) with a
 * Storage SCP that reads every data set to its end and answers Success without storing it: the gateway's own
 * floor (its network, PDU and DIMSE layers alone), measured beside {@code storescp --ignore} by the benchmark.
 */
public final class StoreServerMain {
    private StoreServerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--discard")) {
            discard(Integer.parseInt(args[1]));
            return;
        }
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        OnDuplicate policy = OnDuplicate.KEEP_BOTH;
        DbConfig db = StoreGateway.h2(data);
        List<ForwardDestination> forward = new ArrayList<>();
        int admin = -1;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "keep-both" -> policy = OnDuplicate.KEEP_BOTH;
                case "overwrite" -> policy = OnDuplicate.OVERWRITE;
                case "reject" -> policy = OnDuplicate.REJECT;
                case "--admin" -> admin = Integer.parseInt(args[++i]);
                case "--forward" -> {
                    String[] a = args[++i].split("[@:]");
                    forward.add(new ForwardDestination(a[0], a[1], Integer.parseInt(a[2])));
                }
                default -> {
                    db = new DbConfig(args[i], args[i + 1], new Secret(args[i + 2]), 8);
                    i += 2;
                }
            }
        }
        StoreGateway gw = StoreGateway.start(db, data.resolve("archive"), port, policy, forward,
                ForwardService.Options.defaults(), List.of());
        if (admin >= 0) {
            BenchAdmin.start(admin, gw, data.resolve("archive"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gw.close();
            stopped.countDown();
        }));
        System.out.println("READY " + gw.port());
        System.out.flush();
        stopped.await();
        Thread.sleep(Duration.ofMillis(100).toMillis());
    }

    private static void discard(int port) throws Exception {
        CStoreService discarding = new CStoreService(ArchiveStoreService.storageSopClasses()) {
            @Override
            protected int store(ServiceRequest request, CStoreRq command, IncomingDataSet dataSet) throws Exception {
                try (InputStream in = dataSet.stream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                return Status.Success;
            }
        };
        DicomServer server = StoreGateway.server(port, ServiceRegistry.builder().add(new VerificationService())
                .add(discarding).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(5));
            stopped.countDown();
        }));
        System.out.println("READY " + server.port());
        System.out.flush();
        stopped.await();
    }
}
