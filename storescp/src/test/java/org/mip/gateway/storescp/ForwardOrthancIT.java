package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.net.server.Dcmtk;
import org.mip.gateway.storescp.forward.ForwardService;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.Peers;
import org.mip.gateway.testing.TestDatabases;

/**
 * Orthanc as the forward destination, down at first: the instances stored meanwhile are retried with
 * backoff, survive a restart of the gateway (the queue is in the database), and all reach Orthanc once it
 * is up (checked through its REST API). On H2 and, with the same flow, on PostgreSQL.
 */
@Timeout(300)
class ForwardOrthancIT {
    static final List<String> FILES = List.of("test_files/CT_small.dcm", "test_files/MR_small.dcm",
            "test_files/SC_rgb_rle.dcm", "test_files/JPEG2000.dcm", "test_files/rtplan.dcm",
            "test_files/image_dfl.dcm");

    @TempDir
    Path dir;

    @Test
    void forward_toOrthancStartedLate_deliversEveryInstanceAcrossAGatewayRestart_h2() throws Exception {
        run(StoreGateway.h2(dir));
    }

    @Test
    void forward_toOrthancStartedLate_deliversEveryInstanceAcrossAGatewayRestart_postgres() throws Exception {
        DbConfig pg = TestDatabases.postgres();
        try {
            run(pg);
        } finally {
            TestDatabases.dropPostgres(pg);
        }
    }

    private void run(DbConfig db) throws Exception {
        Path orthancExe = Peers.require("/usr/sbin/Orthanc", "orthanc");
        Peers.require("storescu", "dcmtk");
        int dicomPort = FreePorts.next();
        int httpPort = FreePorts.next();
        ForwardDestination orthanc = new ForwardDestination("ORTHANC", "127.0.0.1", dicomPort);
        ForwardService.Options options = new ForwardService.Options(50, Duration.ofSeconds(3), Duration.ofMillis(200),
                Duration.ofMillis(300), Duration.ofSeconds(2), 1000);
        Path archive = dir.resolve("archive");
        try (StoreGateway gw = StoreGateway.start(db, archive, 0, OnDuplicate.KEEP_BOTH, List.of(orthanc), options,
                List.of())) {
            for (String f : FILES) {
                Dcmtk.Result r = Dcmtk.run(30_000, "storescu", "-R", StoreScuInteropIT.PROPOSE.getOrDefault(
                        ts(f), "-xe"), "-aec", StoreGateway.AET, "127.0.0.1", String.valueOf(gw.port()),
                        Peers.pydicomFile(f).toString());
                assertThat(r.exitCode()).as(r.output()).isZero();
            }
            await(Duration.ofSeconds(30), () -> gw.forward.queue().counts(orthanc.toString()).isEmpty() ? false
                    : failedAttempts(gw) >= FILES.size());
            assertThat(gw.forward.queue().counts(orthanc.toString())).doesNotContainKey("DONE");
        }
        // Orthanc comes up while the gateway is down; the restarted gateway delivers the queue.
        Path odir = Files.createDirectories(dir.resolve("orthanc"));
        Files.writeString(odir.resolve("orthanc.json"), """
                {"Name": "mipgw-test", "DicomAet": "ORTHANC", "DicomPort": %d, "HttpPort": %d,
                 "StorageDirectory": "%s", "IndexDirectory": "%s", "RemoteAccessAllowed": false,
                 "AuthenticationEnabled": false, "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true}
                """.formatted(dicomPort, httpPort, odir.resolve("storage"), odir.resolve("index")));
        ProcessBuilder pb = new ProcessBuilder(orthancExe.toString(), odir.resolve("orthanc.json").toString())
                .redirectErrorStream(true).redirectOutput(odir.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process orthancProcess = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await(Duration.ofSeconds(30), () -> instances(http, httpPort) >= 0);
            try (StoreGateway gw = StoreGateway.start(db, archive, 0, OnDuplicate.KEEP_BOTH, List.of(orthanc), options,
                    List.of())) {
                await(Duration.ofSeconds(60), () -> instances(http, httpPort) == FILES.size());
                await(Duration.ofSeconds(10), () -> gw.forward.queue().counts(orthanc.toString())
                        .equals(Map.of("DONE", (long) FILES.size())));
            }
            assertThat(instances(http, httpPort)).isEqualTo(FILES.size());
        } finally {
            orthancProcess.destroy();
            orthancProcess.waitFor();
        }
    }

    private static long failedAttempts(StoreGateway gw) {
        return gw.db.inTransaction(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT COUNT(*) FROM st_forward_job WHERE attempts >= 2 AND last_error IS NOT NULL")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static String ts(String file) throws IOException {
        try (var in = org.mip.gateway.dicom.io.DicomInputStream.open(Peers.pydicomFile(file))) {
            return in.fileMeta().getString(org.mip.gateway.dicom.data.Tag.TransferSyntaxUID).strip();
        }
    }

    /** The number of instances Orthanc holds, -1 while it does not answer. */
    static int instances(HttpClient http, int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/instances")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            String body = r.body().strip();
            return body.equals("[]") ? 0 : body.split(",").length;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
