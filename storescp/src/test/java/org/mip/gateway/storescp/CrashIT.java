package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.reconcile.WorklistLink;
import org.mip.gateway.testing.Peers;

/**
 * The gateway (a separate JVM, {@link StoreServerMain}) is killed with SIGKILL while DCMTK storescu sends
 * 400 instances; after a restart every instance storescu saw succeed is in the archive and the index and
 * reads back byte for byte, no temporary file is left or counted, and every indexed file exists.
 */
@Timeout(300)
class CrashIT {
    static final int INSTANCES = 400;

    @TempDir
    Path dir;

    @Test
    void killDashNineDuringStorescu_everyAcknowledgedInstanceSurvives() throws Exception {
        Peers.require("storescu", "dcmtk");
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (int i = 0; i < INSTANCES; i++) {
            Attributes ds = TestData.mr("1.2.826.0.1.3680043.8.1055.9", "1.2.826.0.1.3680043.8.1055.9." + (i % 4),
                    "1.2.826.0.1.3680043.8.1055.9.1." + i);
            ds.setBytes(Tag.PixelData, VR.OW, pixels(i, 96 * 1024));
            Attributes meta = org.mip.gateway.storescp.archive.FileMeta.build(UID.MRImageStorage,
                    ds.getString(Tag.SOPInstanceUID), UID.ExplicitVRLittleEndian, "CORPUS");
            try (OutputStream out = Files.newOutputStream(corpus.resolve(String.format("f%04d.dcm", i)))) {
                DicomOutputStream dos = new DicomOutputStream(out);
                dos.writeFileMetaInformation(null, meta);
                dos.writeDataset(ds);
                dos.finish();
            }
        }
        Path data = dir.resolve("gw");
        Process server = startServer(data);
        int port = awaitReady(server);

        List<String> cmd = new ArrayList<>(List.of(Peers.require("storescu", "dcmtk").toString(), "-v", "-aec",
                StoreGateway.AET, "127.0.0.1", String.valueOf(port)));
        try (Stream<Path> files = Files.list(corpus)) {
            files.sorted().forEach(p -> cmd.add(p.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process scu = pb.start();
        Set<String> acknowledged = new LinkedHashSet<>();
        boolean killed = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(scu.getInputStream(), StandardCharsets.UTF_8))) {
            String sending = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains("Sending file: ")) {
                    sending = line.substring(line.indexOf("Sending file: ") + 14).strip();
                } else if (line.contains("Received Store Response") && line.contains("Success") && sending != null) {
                    acknowledged.add(sending);
                    if (acknowledged.size() == INSTANCES / 3 && !killed) {
                        server.destroyForcibly(); // SIGKILL
                        killed = true;
                    }
                }
            }
        }
        scu.waitFor(60, TimeUnit.SECONDS);
        server.waitFor(30, TimeUnit.SECONDS);
        assertThat(killed).as("storescu got far enough to kill the gateway").isTrue();
        assertThat(acknowledged.size()).isBetween(INSTANCES / 3, INSTANCES - 1);

        // Restart on the same data (start-up removes temporary files), then check in-process.
        Process again = startServer(data);
        awaitReady(again);
        again.destroy();
        again.waitFor(30, TimeUnit.SECONDS);
        assertThat(ArchiveFixture.temporaryFiles(data.resolve("archive")))
                .as("no temporary file left after the restart (empty spares aside)").isEmpty();
        try (ArchiveFixture f = ArchiveFixture.start(data, StoreGateway.h2(data), null, OnDuplicate.KEEP_BOTH,
                List.of(), ArchiveFs.DEFAULT, WorklistLink.NONE)) {
            ArchiveIndex index = f.archive.index();
            for (String file : acknowledged) {
                Path original = Path.of(file);
                String iuid = "1.2.826.0.1.3680043.8.1055.9.1." + Integer.parseInt(
                        original.getFileName().toString().substring(1, 5));
                ArchiveIndex.StoredFile sf = index.currentFiles(List.of(iuid)).get(iuid);
                assertThat(sf).as("indexed: " + iuid).isNotNull();
                Path archived = f.archive.layout().resolve(sf.path());
                assertThat(dataSet(archived)).as("reads back intact: " + iuid).isEqualTo(dataSet(original));
            }
            long indexed = f.count("SELECT COUNT(*) FROM st_instance_file");
            assertThat(indexed).isGreaterThanOrEqualTo(acknowledged.size());
            List<Path> onDisk = f.archivedFiles();
            assertThat(onDisk).as("only whole, indexed instances in the archive").hasSize((int) indexed);
            System.out.println("acknowledged " + acknowledged.size() + ", indexed " + indexed + " of " + INSTANCES);
        }
    }

    private static byte[] pixels(int seed, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** The data set's bytes (everything after the File Meta Information). */
    private static byte[] dataSet(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int metaEnd;
        try (DicomInputStream in = DicomInputStream.open(file)) {
            metaEnd = (int) (all.length - remaining(in));
        }
        return Arrays.copyOfRange(all, metaEnd, all.length);
    }

    private static long remaining(DicomInputStream in) throws IOException {
        long start = in.position();
        while (in.next() != null) {
            in.skipValue();
        }
        return in.position() - start;
    }

    private Process startServer(Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StoreServerMain.class.getName(), data.toString(), "0").redirectErrorStream(true);
        return pb.start();
    }

    private static int awaitReady(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                int port = Integer.parseInt(line.substring(6).strip());
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException e) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return port;
            }
        }
        throw new IOException("server exited before READY");
    }
}
