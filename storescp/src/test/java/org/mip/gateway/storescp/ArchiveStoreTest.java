package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.ul.Implementation;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.query.StudyQuery;
import org.mip.gateway.storescp.reconcile.WorklistLink;
import org.mip.gateway.testing.TestDatabases;

@Timeout(60)
class ArchiveStoreTest {
    private static final String LE = UID.ExplicitVRLittleEndian;

    @TempDir
    Path dir;

    private static int store(ArchiveFixture f, Attributes ds, String ts) throws Exception {
        return f.archive.store(TestData.rq(ds), TestData.incoming(TestData.encode(ds, ts), ts), "MODALITY1");
    }

    private static int store(ArchiveFixture f, CStoreRq rq, byte[] bytes) throws Exception {
        return f.archive.store(rq, TestData.incoming(bytes, LE), "MODALITY1");
    }

    private static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = DicomInputStream.open(file)) {
            Attributes all = new Attributes(in.fileMeta());
            Attributes ds = in.readDataset();
            for (int i = 0; i < ds.size(); i++) {
                all.setValue(ds.tagAt(i), ds.vrAt(i), ds.valueAt(i));
            }
            return all;
        }
    }

    @Test
    void store_writesPart10FileUnderStudySeriesInstanceAndIndexesIt() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            Attributes ds = TestData.mr("1.2.3.4.100");
            assertThat(store(f, ds, UID.ImplicitVRLittleEndian)).isEqualTo(StoreStatus.SUCCESS);

            Path file = f.archiveDir.resolve(TestData.STUDY).resolve(TestData.SERIES).resolve("1.2.3.4.100.dcm");
            assertThat(f.archivedFiles()).containsExactly(file);
            Attributes stored = read(file);
            assertThat(stored.getString(Tag.MediaStorageSOPClassUID)).isEqualTo(UID.MRImageStorage);
            assertThat(stored.getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3.4.100");
            assertThat(stored.getString(Tag.TransferSyntaxUID)).isEqualTo(UID.ImplicitVRLittleEndian);
            assertThat(stored.getString(Tag.ImplementationClassUID)).isEqualTo(Implementation.CLASS_UID);
            assertThat(stored.getString(Tag.ImplementationVersionName)).isEqualTo(Implementation.VERSION_NAME);
            assertThat(stored.getString(Tag.SourceApplicationEntityTitle)).isEqualTo("MODALITY1");
            assertThat(stored.getBytes(Tag.FileMetaInformationVersion)).containsExactly(0, 1);
            assertThat(stored.getString(Tag.PatientName)).isEqualTo("MÜLLER^JÜRGEN");
            assertThat(stored.getBytes(Tag.PixelData)).isEqualTo(ds.getBytes(Tag.PixelData));
            assertThat(f.temporaryFiles()).isEmpty();

            assertThat(f.count("SELECT COUNT(*) FROM st_patient WHERE patient_id = 'PID001' AND name = 'MÜLLER^JÜRGEN'")).isOne();
            assertThat(studyCounts(f)).containsExactly(1, 1);
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file WHERE path = '" + TestData.STUDY + "/"
                    + TestData.SERIES + "/1.2.3.4.100.dcm' AND size = " + Files.size(file)
                    + " AND transfer_syntax = '1.2.840.10008.1.2' AND calling_aet = 'MODALITY1' AND is_current")).isOne();
        }
    }

    @Test
    void store_keepsEveryTransferSyntaxAsReceived_deflatedAndBigEndian() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            int n = 0;
            for (String ts : List.of(UID.DeflatedExplicitVRLittleEndian, UID.ExplicitVRBigEndian, LE,
                    UID.ImplicitVRLittleEndian)) {
                String uid = "1.2.3.9." + ++n;
                Attributes ds = TestData.mr(uid);
                assertThat(store(f, ds, ts)).isZero();
                Path file = f.archiveDir.resolve(TestData.STUDY).resolve(TestData.SERIES).resolve(uid + ".dcm");
                byte[] onDisk = Files.readAllBytes(file);
                byte[] expected = TestData.encode(ds, ts);
                assertThat(Arrays.copyOfRange(onDisk, onDisk.length - expected.length, onDisk.length))
                        .as("data set bytes after the meta, %s", ts).isEqualTo(expected);
                assertThat(read(file).getString(Tag.TransferSyntaxUID)).isEqualTo(ts);
                assertThat(read(file).getBytes(Tag.PixelData)).as(ts).isEqualTo(ds.getBytes(Tag.PixelData));
            }
        }
    }

    @Test
    void store_dataSetThatDoesNotParse_isC310AndLeavesNoFile() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            Attributes ds = TestData.mr("1.2.3.4.101");
            byte[] good = TestData.encode(ds, LE);
            byte[] truncated = Arrays.copyOf(good, good.length - 100); // Pixel Data claims more than follows
            assertThatThrownBy(() -> store(f, TestData.rq(ds), truncated))
                    .isInstanceOfSatisfying(DimseStatusException.class,
                            e -> assertThat(e.status()).isEqualTo(StoreStatus.NOT_DECODABLE));
            byte[] garbage = "this is not a DICOM data set at all, just text".getBytes();
            assertThatThrownBy(() -> store(f, TestData.rq(ds), garbage))
                    .isInstanceOfSatisfying(DimseStatusException.class,
                            e -> assertThat(e.status() & 0xF000).isEqualTo(0xC000));
            assertThat(f.archivedFiles()).isEmpty();
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance")).isZero();
        }
    }

    @Test
    void store_uidsThatDisagreeWithTheCommand_failA900Or0117AndLeaveNoFile() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            Attributes ds = TestData.mr("1.2.3.4.102");
            byte[] bytes = TestData.encode(ds, LE);
            CStoreRq wrongClass = new CStoreRq(1, UID.CTImageStorage, "1.2.3.4.102", Priority.MEDIUM);
            assertThatThrownBy(() -> store(f, wrongClass, bytes))
                    .isInstanceOfSatisfying(DimseStatusException.class, e -> {
                        assertThat(e.status()).isEqualTo(0xA900);
                        assertThat(e.errorInfo().offendingElements()).containsExactly(Tag.SOPClassUID);
                    });
            CStoreRq wrongInstance = new CStoreRq(1, UID.MRImageStorage, "1.2.3.4.999", Priority.MEDIUM);
            assertThatThrownBy(() -> store(f, wrongInstance, bytes))
                    .isInstanceOfSatisfying(DimseStatusException.class, e -> {
                        assertThat(e.status()).isEqualTo(0x0117);
                        assertThat(e.errorInfo().offendingElements()).containsExactly(Tag.SOPInstanceUID);
                    });
            assertThat(f.archivedFiles()).isEmpty();
            assertThat(f.temporaryFiles()).isEmpty();
        }
    }

    @Test
    void store_missingStudyOrSeriesUid_isC000NamingTheElement() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID}) {
                Attributes ds = TestData.mr("1.2.3.4.103");
                ds.remove(tag);
                assertThatThrownBy(() -> store(f, ds, LE))
                        .isInstanceOfSatisfying(DimseStatusException.class, e -> {
                            assertThat(e.status()).isEqualTo(0xC000);
                            assertThat(e.errorInfo().offendingElements()).containsExactly(tag);
                        });
            }
            assertThat(f.archivedFiles()).isEmpty();
            assertThat(f.temporaryFiles()).isEmpty();
        }
    }

    /** A disk that fails at one step, like a full or broken disk. */
    private static ArchiveFs failing(String step) {
        return new ArchiveFs() {
            @Override
            public void syncFile(FileChannel channel) throws IOException {
                if (step.equals("sync")) {
                    throw new IOException("No space left on device");
                }
                ArchiveFs.super.syncFile(channel);
            }

            @Override
            public void place(Path tmp, Path target) throws IOException {
                if (step.equals("place")) {
                    throw new IOException("Input/output error");
                }
                ArchiveFs.super.place(tmp, target);
            }

            @Override
            public void syncDirectory(Path d) throws IOException {
                if (step.equals("dir")) {
                    throw new IOException("Input/output error");
                }
                ArchiveFs.super.syncDirectory(d);
            }
        };
    }

    @Test
    void store_diskErrors_areA700AndLeaveNoFileAndNoIndexRow() throws Exception {
        for (String step : List.of("sync", "place", "dir")) {
            Path sub = dir.resolve(step);
            try (ArchiveFixture f = ArchiveFixture.start(sub, TestDatabases.h2(sub), null, OnDuplicate.KEEP_BOTH,
                    List.of(), failing(step), WorklistLink.NONE)) {
                Attributes ds = TestData.mr("1.2.3.4.104");
                assertThatThrownBy(() -> store(f, ds, LE)).as(step)
                        .isInstanceOfSatisfying(DimseStatusException.class,
                                e -> assertThat(e.status()).isEqualTo(0xA700));
                assertThat(f.archivedFiles()).as(step).isEmpty();
                assertThat(f.temporaryFiles()).as(step).isEmpty();
                assertThat(f.count("SELECT COUNT(*) FROM st_instance")).as(step).isZero();
            }
        }
    }

    @Test
    void store_withADatabaseThatSyncsItsCommits_indexesOnlyOnceTheMarkerIsOnTheDevice() throws Exception {
        // with PostgreSQL a commit survives a power cut: were it made before the marker naming the file is on
        // the device, the cut could leave index rows for a file that is gone and that no marker names
        for (boolean markerFirst : List.of(true, false)) {
            Path sub = dir.resolve("marker-" + markerFirst);
            AtomicReference<ArchiveFixture> fixture = new AtomicReference<>();
            List<Long> indexedAtMarkerSync = new CopyOnWriteArrayList<>();
            ArchiveFs fs = ArchiveFixture.slowMarkerSync(sub.resolve("archive").resolve("tmp"), fixture,
                    indexedAtMarkerSync, markerFirst ? Duration.ofMillis(500) : Duration.ofSeconds(30));
            try (ArchiveFixture f = ArchiveFixture.start(sub, TestDatabases.h2(sub), null, OnDuplicate.KEEP_BOTH,
                    List.of(), fs, WorklistLink.NONE, a -> a.markerBeforeIndex(markerFirst))) {
                fixture.set(f);
                assertThat(store(f, TestData.mr("1.2.3.4.140"), LE)).isZero();
                assertThat(f.count("SELECT COUNT(*) FROM st_instance")).isOne();
                // marker first: nothing indexed while the marker was being synced; else the commit ran beside it
                assertThat(indexedAtMarkerSync).as("marker first: " + markerFirst).containsExactly(markerFirst ? 0L : 1L);
                assertThat(f.temporaryFiles()).isEmpty();
            }
        }
    }

    @Test
    void store_markerSyncFails_withADatabaseThatSyncs_isA700WithNoFileAndNoIndexRow() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.start(dir, TestDatabases.h2(dir), null, OnDuplicate.KEEP_BOTH,
                List.of(), failing("dir"), WorklistLink.NONE, a -> a.markerBeforeIndex(true))) {
            assertThatThrownBy(() -> store(f, TestData.mr("1.2.3.4.141"), LE))
                    .isInstanceOfSatisfying(DimseStatusException.class, e -> assertThat(e.status()).isEqualTo(0xA700));
            assertThat(f.archivedFiles()).isEmpty();
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance")).isZero();
            assertThat(f.archive.committer().onTheirWay()).isZero();
        }
    }

    @Test
    void store_databaseFailure_isA700AndRemovesThePlacedFile() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            f.db.inTransaction(c -> c.createStatement().executeUpdate("DROP TABLE st_forward_job"));
            f.db.inTransaction(c -> c.createStatement().executeUpdate("DROP TABLE st_worklist_link"));
            f.db.inTransaction(c -> c.createStatement().executeUpdate("DROP TABLE st_instance_file"));
            assertThatThrownBy(() -> store(f, TestData.mr("1.2.3.4.105"), LE))
                    .isInstanceOfSatisfying(DimseStatusException.class, e -> assertThat(e.status()).isEqualTo(0xA700));
            assertThat(f.archivedFiles()).isEmpty();
        }
    }

    @Test
    void duplicate_keepBoth_keepsEveryCopyAndTheNewestIsCurrent() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            Attributes ds = TestData.mr("1.2.3.4.106");
            assertThat(store(f, ds, LE)).isZero();
            assertThat(store(f, ds, UID.ImplicitVRLittleEndian)).isZero();
            assertThat(store(f, ds, LE)).isZero();
            assertThat(f.archivedFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactly("1.2.3.4.106.1.dcm", "1.2.3.4.106.2.dcm", "1.2.3.4.106.dcm");
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file")).isEqualTo(3);
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file WHERE is_current AND path LIKE '%.2.dcm'")).isOne();
            assertThat(f.count("SELECT num_copies FROM st_instance")).isEqualTo(3);
            assertThat(studyCounts(f)).containsExactly(1, 1);
            assertThat(f.archive.index().currentFiles(List.of("1.2.3.4.106")).get("1.2.3.4.106").path().toString())
                    .endsWith("1.2.3.4.106.2.dcm");
        }
    }

    @Test
    void duplicate_overwrite_replacesTheFileAfterTheCommit() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.OVERWRITE)) {
            Attributes ds = TestData.mr("1.2.3.4.107");
            assertThat(store(f, ds, LE)).isZero();
            assertThat(store(f, ds, UID.ImplicitVRLittleEndian)).isZero();
            List<Path> files = f.archivedFiles();
            assertThat(files).hasSize(1);
            assertThat(read(files.get(0)).getString(Tag.TransferSyntaxUID)).isEqualTo(UID.ImplicitVRLittleEndian);
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file")).isOne();
            assertThat(studyCounts(f)).containsExactly(1, 1);
        }
    }

    @Test
    void duplicate_reject_is0111AndKeepsTheFirst() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.REJECT)) {
            Attributes ds = TestData.mr("1.2.3.4.108");
            assertThat(store(f, ds, LE)).isZero();
            assertThatThrownBy(() -> store(f, ds, UID.ImplicitVRLittleEndian))
                    .isInstanceOfSatisfying(DimseStatusException.class, e -> assertThat(e.status()).isEqualTo(0x0111));
            List<Path> files = f.archivedFiles();
            assertThat(files).hasSize(1);
            assertThat(read(files.get(0)).getString(Tag.TransferSyntaxUID)).isEqualTo(LE);
            assertThat(f.temporaryFiles()).isEmpty();
        }
    }

    @Test
    void groupCommitter_concurrentStoresShareCommits() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < 25; i++) {
                            Attributes ds = TestData.mr(TestData.STUDY, TestData.SERIES + "." + thread,
                                    "1.2.3.5." + thread + "." + i);
                            if (store(f, ds, LE) == 0) {
                                ok++;
                            }
                        }
                        return ok;
                    }));
                }
                int ok = 0;
                for (Future<Integer> r : results) {
                    ok += r.get();
                }
                assertThat(ok).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            long[] stats = f.archive.committer().stats();
            assertThat(stats[1]).isEqualTo(200);
            assertThat(stats[0]).as("groups").isLessThan(200);
            assertThat(studyCounts(f)).containsExactly(8, 200);
            assertThat(f.archivedFiles()).hasSize(200);
        }
    }

    @Test
    void start_removesPartialFilesLeftByACrash() throws Exception {
        Path tmp = dir.resolve("archive/tmp");
        Files.createDirectories(tmp);
        Files.write(tmp.resolve("deadbeef-1.part"), new byte[1000]);
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance")).isZero();
        }
    }

    @Test
    void start_undoesALinkIntoTheArchiveThatWasNeverIndexed() throws Exception {
        Path series = dir.resolve("archive").resolve(TestData.STUDY).resolve(TestData.SERIES);
        String indexedRel = TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.110.dcm";
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(store(f, TestData.mr("1.2.3.4.110"), LE)).isZero();
        }
        // a crash after the link, before the commit (orphan), and after the commit, before the tmp name went
        Path tmp = dir.resolve("archive/tmp");
        Path orphan = series.resolve("1.2.3.4.111.dcm");
        Files.write(orphan, new byte[200]);
        Files.createLink(tmp.resolve((TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.111.dcm").replace('/', '+')
                + ".lnk"), orphan);
        Files.createLink(tmp.resolve(indexedRel.replace('/', '+') + ".lnk"), dir.resolve("archive").resolve(indexedRel));
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.archivedFiles()).containsExactly(dir.resolve("archive").resolve(indexedRel));
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file")).isOne();
        }
    }

    /**
     * What a power cut may leave of an instance whose index commit was made while its syncs ran, and whose
     * marker in {@code tmp/} is on the device: its data lost ({@code data}: the file is not whole), or, after
     * a commit to a database that syncs, its archive name ({@code name}: the series folder's entry is gone).
     */
    @ParameterizedTest
    @ValueSource(strings = {"data", "name"})
    void start_takesBackAnIndexedFileThatAPowerCutDidNotKeep_andItsIndexRows(String lost) throws Exception {
        String keptRel = TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.120.dcm";
        String lostRel = TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.121.dcm";
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(store(f, TestData.mr("1.2.3.4.120"), LE)).isZero();
            assertThat(store(f, TestData.mr("1.2.3.4.121"), LE)).isZero();
        }
        Path archive = dir.resolve("archive");
        Path tmp = archive.resolve("tmp");
        Path lostFile = archive.resolve(lostRel);
        Files.createLink(tmp.resolve(keptRel.replace('/', '+') + ".lnk"), archive.resolve(keptRel));
        Files.createLink(tmp.resolve(lostRel.replace('/', '+') + ".lnk"), lostFile);
        if (lost.equals("data")) {
            try (FileChannel ch = FileChannel.open(lostFile, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() / 2);
            }
        } else {
            Files.delete(lostFile); // the marker keeps the file's data under its own name
        }
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.archivedFiles()).containsExactly(archive.resolve(keptRel));
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file")).isOne();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance WHERE sop_iuid = '1.2.3.4.121'")).isZero();
            assertThat(studyCounts(f)).containsExactly(1, 1);
        }
    }

    @Test
    void start_findsTheIndexRowsOfACopy_andOfAFileNamedAfterAnUnsafeUid() throws Exception {
        // recovery finds a file's rows from the SOP Instance UID in its name (no index on paths): a second copy
        // is named <SOP>.1.dcm, and a UID with characters a path may not carry gets a made-safe name
        String first = TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.122.dcm";
        String copy = TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.122.1.dcm";
        String unsafe = TestData.STUDY + "/" + TestData.SERIES + "/1.2.3.4.123_7.dcm";
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(store(f, TestData.mr("1.2.3.4.122"), LE)).isZero();
            assertThat(store(f, TestData.mr("1.2.3.4.122"), LE)).isZero();
            assertThat(store(f, TestData.mr("1.2.3.4.123 7"), LE)).isZero();
            assertThat(f.archivedFiles()).contains(dir.resolve("archive").resolve(unsafe));
        }
        Path archive = dir.resolve("archive");
        Path tmp = archive.resolve("tmp");
        for (String rel : List.of(copy, unsafe)) { // not whole after a power cut
            try (FileChannel ch = FileChannel.open(archive.resolve(rel), java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() / 2);
            }
        }
        for (String rel : List.of(first, copy, unsafe)) {
            Files.createLink(tmp.resolve(rel.replace('/', '+') + ".lnk"), archive.resolve(rel));
        }
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.archivedFiles()).containsExactly(archive.resolve(first));
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file WHERE is_current AND path = '" + first + "'"))
                    .isOne();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance_file")).isOne();
            assertThat(f.count("SELECT num_copies FROM st_instance WHERE sop_iuid = '1.2.3.4.122'")).isOne();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance WHERE sop_iuid = '1.2.3.4.123 7'")).isZero();
            assertThat(studyCounts(f)).containsExactly(1, 1);
        }
    }

    /** Number of Study Related Series and Instances of the one study, as the study query (and the API) report them. */
    private static List<Integer> studyCounts(ArchiveFixture f) {
        List<Attributes> studies = new StudyQuery(f.db).find(StudyQuery.Filter.of(null, null, null), 10);
        assertThat(studies).hasSize(1);
        return List.of(studies.get(0).getInt(Tag.NumberOfStudyRelatedSeries, -1),
                studies.get(0).getInt(Tag.NumberOfStudyRelatedInstances, -1));
    }

    @Test
    void store_associationAbortedMidDataSet_leavesNoFile() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            Attributes ds = TestData.mr("1.2.3.4.112");
            byte[] bytes = TestData.encode(ds, LE);
            IncomingDataSet aborted = new IncomingDataSet() {
                @Override
                public String transferSyntaxUid() {
                    return LE;
                }

                @Override
                public InputStream stream() {
                    return new SequenceInputStream(new ByteArrayInputStream(bytes, 0, bytes.length / 2),
                            new InputStream() {
                                @Override
                                public int read() throws IOException {
                                    throw new IOException("data set aborted: A-ABORT");
                                }
                            });
                }

                @Override
                public Attributes read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {}
            };
            assertThatThrownBy(() -> f.archive.store(TestData.rq(ds), aborted, "MODALITY1"))
                    .isInstanceOf(IOException.class).hasMessageContaining("A-ABORT");
            assertThat(f.archivedFiles()).isEmpty();
            assertThat(f.temporaryFiles()).isEmpty();
            assertThat(f.count("SELECT COUNT(*) FROM st_instance")).isZero();
        }
    }

    @Test
    void storageSopClasses_comeFromTheDictionary() {
        assertThat(ArchiveStoreService.storageSopClasses())
                .contains(UID.MRImageStorage, UID.CTImageStorage, "1.2.840.10008.5.1.4.1.1.4.1",
                        "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.6")
                .doesNotContain(UID.Verification, "1.2.840.10008.1.3.10")
                .hasSizeGreaterThan(100);
    }

    @Test
    void uidsThatAreNotUids_neverLeaveTheArchive() throws Exception {
        try (ArchiveFixture f = ArchiveFixture.h2(dir, OnDuplicate.KEEP_BOTH)) {
            Attributes ds = TestData.mr("..", "tmp", "1.2.3.4.109");
            assertThat(store(f, ds, LE)).isZero();
            assertThat(f.archivedFiles()).hasSize(1);
            assertThat(f.archivedFiles().get(0)).startsWith(f.archiveDir.resolve("_.."));
            assertThat(f.temporaryFiles()).isEmpty();
        }
    }

}
