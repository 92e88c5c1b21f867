package org.mip.gateway.net.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.server.CountingStoreService;
import org.mip.gateway.net.server.Dcmtk;
import org.mip.gateway.net.server.TestServer;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.Peers;

/** Our StoreScu/EchoScu against DCMTK storescp and our own SCP; DCMTK storescu against our SCP. */
@Timeout(120)
class StoreScuIT {
    /** Every transfer syntax family: explicit/implicit LE, big endian, deflated, JPEG 2000, RLE; several SOP classes. */
    static final List<String> CORPUS = List.of("CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
            "image_dfl.dcm", "JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_jpeg_dcmtk.dcm");

    /** Distinct SOP Instance UIDs (the MR_small variants share one), for comparing what a receiver stored. */
    static final List<String> DISTINCT = List.of("CT_small.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm",
            "JPEG2000.dcm", "SC_rgb_jpeg_dcmtk.dcm");

    static List<Path> corpus() {
        return files(CORPUS);
    }

    static List<Path> files(List<String> names) {
        return names.stream().map(n -> Peers.pydicomFile("test_files/" + n)).toList();
    }

    @Test
    void store_toDcmtkStorescp_arrivesIdentical(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        int port = FreePorts.next();
        Process scp = Dcmtk.start(dir.resolve("storescp.log"), "storescp", "+xa", "-aet", "STORESCP", "-od",
                out.toString(), String.valueOf(port));
        try (DicomClient client = new DicomClient()) {
            awaitListening(client, port);
            List<String> failures = new ArrayList<>();
            StoreScu.Summary summary = new StoreScu(client, ClientOptions.defaults(), "MIPGW").store(
                    new AeAddress("STORESCP", "127.0.0.1", port), files(DISTINCT), new StoreScu.Listener() {
                        @Override
                        public void onFile(Path file, long bytes, int status, String error) {
                            if (status != Status.Success) {
                                failures.add(file + ": " + status + " " + error);
                            }
                        }
                    });
            assertThat(failures).isEmpty();
            assertThat(summary.allSuccessful()).isTrue();
            assertThat(summary.progress().filesDone()).isEqualTo(DISTINCT.size());
        } finally {
            scp.destroy();
            scp.waitFor();
        }
        assertSameDataSets(files(DISTINCT), Files.list(out).toList());
    }

    @Test
    void echoAndStore_toOurScp_countsEveryByte() throws Exception {
        CountingStoreService counting = new CountingStoreService();
        try (TestServer s = TestServer.start(counting); DicomClient client = new DicomClient()) {
            AeAddress ae = new AeAddress(TestServer.AET, "127.0.0.1", s.port());
            EchoScu.Result echo = new EchoScu(client, ClientOptions.defaults().withMaxPdu(4096), "SCU").echo(ae, 5);
            assertThat(echo.success()).isTrue();
            StoreScu.Summary summary = new StoreScu(client, ClientOptions.defaults(), "SCU")
                    .store(ae, corpus(), new StoreScu.Listener() {});
            assertThat(summary.byStatus()).containsOnlyKeys("0000H Success");
            assertThat(counting.instances.get()).isEqualTo(CORPUS.size());
            assertThat(counting.bytes.get()).isEqualTo(summary.progress().bytes());
        }
    }

    @Test
    void dcmtkStorescu_toOurCountingScp(@TempDir Path dir) throws Exception {
        CountingStoreService counting = new CountingStoreService();
        try (TestServer s = TestServer.start(counting)) {
            List<String> args = new ArrayList<>(List.of("-v", "-R", "-aet", "STORESCU", "-aec", TestServer.AET,
                    "--max-pdu", "16384", "127.0.0.1", String.valueOf(s.port())));
            // storescu -R proposes uncompressed syntaxes only: uncompressed files here.
            List<Path> files = files(List.of("CT_small.dcm", "MR_small_implicit.dcm", "rtplan.dcm"));
            files.forEach(p -> args.add(p.toString()));
            Dcmtk.Result r = Dcmtk.run(60_000, "storescu", args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).doesNotContain("Failed").contains("Releasing Association");
            assertThat(counting.instances.get()).isEqualTo(files.size());
        }
    }

    static void awaitListening(DicomClient client, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * dcmdump of each sent file's data set equals that of a received file (several test files share a
     * SOP Instance UID, so the received files are not keyed by it).
     */
    static void assertSameDataSets(List<Path> sent, List<Path> received) throws Exception {
        List<String> got = new ArrayList<>();
        for (Path p : received) {
            got.add(dataSetDump(p));
        }
        assertThat(got).hasSameSizeAs(sent);
        for (Path p : sent) {
            assertThat(got).as("a received file identical to " + p.getFileName()).contains(dataSetDump(p));
        }
    }

    static String dataSetDump(Path file) throws Exception {
        Dcmtk.Result r = Dcmtk.run(30_000, "dcmdump", "-q", "+L", file.toString());
        try (Stream<String> lines = r.output().lines()) {
            // storescp rewrites the meta group, drops Data Set Trailing Padding (FFFC,FFFC) and writes
            // sequences and items with explicit lengths: compare what survives that.
            return lines.map(String::strip)
                    .filter(l -> !l.startsWith("(0002,") && !l.startsWith("(fffc,fffc)") && !l.startsWith("#")
                            && !l.startsWith("(fffe,e00d)") && !l.startsWith("(fffe,e0dd)") && !l.isBlank())
                    .map(l -> l.replaceAll("\\((Sequence|Item) with (undefined|explicit) length #=(\\d+)\\)\\s*#\\s*[^,]*,",
                            "($1 #=$3) #"))
                    .collect(Collectors.joining("\n"));
        }
    }
}
