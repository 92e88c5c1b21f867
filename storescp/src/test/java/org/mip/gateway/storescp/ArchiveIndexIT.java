package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.db.Database;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.commit.StorageCommitmentService;
import org.mip.gateway.storescp.commit.StorageCommitmentService.Reference;
import org.mip.gateway.storescp.forward.ForwardQueue;
import org.mip.gateway.storescp.query.StudyQuery;
import org.mip.gateway.storescp.reconcile.WorklistLink;
import org.mip.gateway.testing.TestDatabases;

/** The index on H2 and on PostgreSQL: storing, duplicates, counts, forward queue, study query, commitment, worklist links. */
@Timeout(120)
class ArchiveIndexIT {
    private static final String LE = UID.ExplicitVRLittleEndian;
    private static final ForwardDestination PACS = new ForwardDestination("PACS", "127.0.0.1", 1);

    @TempDir
    Path dir;

    private ArchiveFixture fixture(String db, OnDuplicate policy, WorklistLink link) throws Exception {
        DbConfig config = db.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.postgres();
        return ArchiveFixture.start(dir, config, db.equals("h2") ? null : config, policy, List.of(PACS),
                ArchiveFs.DEFAULT, link);
    }

    private static int store(ArchiveFixture f, Attributes ds) throws Exception {
        return f.archive.store(TestData.rq(ds), TestData.incoming(TestData.encode(ds, LE), LE), "MOD1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void indexCommit_waitsForTheMarkersSync_onlyOnADatabaseThatSyncsItsCommits(String db) throws Exception {
        // PostgreSQL's commit survives a power cut, so it must not precede the marker that lets start-up
        // recovery check the file; H2 never syncs, and there the commit runs beside the syncs
        AtomicReference<ArchiveFixture> fixture = new AtomicReference<>();
        List<Long> indexedAtMarkerSync = new CopyOnWriteArrayList<>();
        DbConfig config = db.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.postgres();
        try (ArchiveFixture f = ArchiveFixture.start(dir, config, db.equals("h2") ? null : config,
                OnDuplicate.KEEP_BOTH, List.of(), ArchiveFixture.slowMarkerSync(dir.resolve("archive").resolve("tmp"),
                        fixture, indexedAtMarkerSync, db.equals("h2") ? Duration.ofSeconds(30) : Duration.ofMillis(500)),
                WorklistLink.NONE)) {
            fixture.set(f);
            assertThat(store(f, TestData.mr("1.2.4.90"))).isZero();
            assertThat(indexedAtMarkerSync).containsExactly(db.equals("h2") ? 1L : 0L);
            assertThat(f.count("SELECT COUNT(*) FROM st_instance")).isOne();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void index_countsQueriesAndQueuesForwarding(String db) throws Exception {
        try (ArchiveFixture f = fixture(db, OnDuplicate.KEEP_BOTH, WorklistLink.NONE)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    fs.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < 20; i++) {
                            ok += store(f, TestData.mr(TestData.STUDY, TestData.SERIES + "." + (i % 2),
                                    "1.2.4." + thread + "." + i)) == 0 ? 1 : 0;
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> r : fs) {
                    assertThat(r.get()).isEqualTo(20);
                }
            } finally {
                pool.shutdownNow();
            }
            Attributes other = TestData.mr("1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.1");
            other.setString(Tag.AccessionNumber, VR.SH, "ACC002");
            other.setString(Tag.StudyDate, VR.DA, "20240116");
            other.setString(Tag.Modality, VR.CS, "CT");
            assertThat(store(f, other)).isZero();
            assertThat(store(f, other)).as("a second copy (keep-both)").isZero();

            StudyQuery q = new StudyQuery(f.db);
            List<Attributes> all = q.find(StudyQuery.Filter.of(null, null, null), 100);
            assertThat(all).hasSize(2);
            Attributes first = q.find(StudyQuery.Filter.of("PID001", "ACC001", "20240115"), 100).get(0);
            assertThat(first.getString(Tag.StudyInstanceUID)).isEqualTo(TestData.STUDY);
            assertThat(first.getInt(Tag.NumberOfStudyRelatedInstances, -1)).isEqualTo(80);
            assertThat(first.getInt(Tag.NumberOfStudyRelatedSeries, -1)).isEqualTo(2);
            assertThat(first.getString(Tag.ModalitiesInStudy)).isEqualTo("MR");
            assertThat(first.getString(Tag.PatientName)).isEqualTo("MÜLLER^JÜRGEN");
            Attributes second = q.find(StudyQuery.Filter.of(null, "ACC002", "20240101-20241231"), 100).get(0);
            assertThat(second.getInt(Tag.NumberOfStudyRelatedInstances, -1)).isEqualTo(1);
            assertThat(q.find(StudyQuery.Filter.of("nobody", null, null), 100)).isEmpty();

            // one job per stored copy
            ForwardQueue queue = new ForwardQueue(f.db, Clock.systemUTC());
            assertThat(queue.counts(PACS.toString())).containsEntry("PENDING", 82L);
            List<ForwardQueue.Job> a = queue.claim(PACS.toString(), 50, Duration.ofMinutes(1));
            List<ForwardQueue.Job> b = queue.claim(PACS.toString(), 50, Duration.ofMinutes(1));
            assertThat(a).hasSize(50);
            assertThat(b).hasSize(32).extracting(ForwardQueue.Job::pk).doesNotContainAnyElementsOf(
                    a.stream().map(ForwardQueue.Job::pk).toList());
            assertThat(queue.claim(PACS.toString(), 50, Duration.ofMinutes(1))).as("all leased").isEmpty();
            queue.done(a);
            queue.failed(b.get(0), "refused", Instant.now().minusSeconds(1));
            queue.failed(b.get(1), "gave up", null);
            assertThat(queue.counts(PACS.toString())).containsEntry("DONE", 50L).containsEntry("PENDING", 1L)
                    .containsEntry("FAILED", 1L).containsEntry("SENDING", 30L);
            List<ForwardQueue.Job> again = queue.claim(PACS.toString(), 50, Duration.ofMinutes(1));
            assertThat(again).extracting(ForwardQueue.Job::pk).containsExactly(b.get(0).pk());
            assertThat(again.get(0).attempt()).isEqualTo(2);
            assertThat(ForwardQueue.backoff(1, Duration.ofSeconds(10), Duration.ofMinutes(10))).hasSeconds(10);
            assertThat(ForwardQueue.backoff(4, Duration.ofSeconds(10), Duration.ofMinutes(10))).hasSeconds(80);
            assertThat(ForwardQueue.backoff(40, Duration.ofSeconds(10), Duration.ofMinutes(10))).hasMinutes(10);

            // storage commitment from the index
            StorageCommitmentService scp = new StorageCommitmentService(() -> f.archive.index(), f.archive.layout(),
                    (to, rq, info) -> 0, aet -> Optional.empty(), Executors.newSingleThreadExecutor());
            Attributes info = scp.eventInformation("1.2.3.77", List.of(new Reference(UID.MRImageStorage, "1.2.4.0.0"),
                    new Reference(UID.MRImageStorage, "1.2.4.0.404"), new Reference(UID.CTImageStorage, "1.2.4.0.1")));
            assertThat(info.getSequence(Tag.ReferencedSOPSequence)).hasSize(1);
            assertThat(info.getSequence(Tag.FailedSOPSequence)).extracting(i -> i.getInt(Tag.FailureReason, 0))
                    .containsExactly(0x0112, 0x0119);
            scp.shutdown(1000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void duplicates_followThePolicy(String db) throws Exception {
        for (OnDuplicate policy : OnDuplicate.values()) {
            Path sub = dir.resolve(policy.key());
            DbConfig config = db.equals("h2") ? TestDatabases.h2(sub) : TestDatabases.postgres();
            try (ArchiveFixture f = ArchiveFixture.start(sub, config, db.equals("h2") ? null : config, policy,
                    List.of(PACS), ArchiveFs.DEFAULT, WorklistLink.NONE)) {
                Attributes ds = TestData.mr("1.2.5.1");
                assertThat(store(f, ds)).isZero();
                int second;
                try {
                    second = store(f, ds);
                } catch (org.mip.gateway.net.service.DimseStatusException e) {
                    second = e.status();
                }
                assertThat(second).as(policy.key()).isEqualTo(policy == OnDuplicate.REJECT ? 0x0111 : 0);
                long files = f.count("SELECT COUNT(*) FROM st_instance_file");
                assertThat(files).as(policy.key()).isEqualTo(policy == OnDuplicate.KEEP_BOTH ? 2 : 1);
                assertThat(f.archivedFiles()).as(policy.key()).hasSize((int) files);
                assertThat(f.count("SELECT COUNT(*) FROM st_forward_job")).as(policy.key()).isEqualTo(files);
                assertThat(new StudyQuery(f.db).find(StudyQuery.Filter.of(null, null, null), 10).get(0)
                        .getInt(Tag.NumberOfStudyRelatedInstances, -1)).as(policy.key()).isOne();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void reconciliation_linksByAccessionAndCountsMismatchesWithoutRewriting(String db) throws Exception {
        WorklistLink link = (accession, study) -> accession.equals("ACC001")
                ? Optional.of(new WorklistLink.Booking("ACC001/SPS1", WorklistLink.MatchedBy.ACCESSION_NUMBER,
                        "PID001", "MUELLER^JUERGEN", "19700101", "M"))
                : Optional.empty();
        try (ArchiveFixture f = fixture(db, OnDuplicate.KEEP_BOTH, link)) {
            assertThat(store(f, TestData.mr("1.2.6.1"))).isZero();
            assertThat(store(f, TestData.mr("1.2.6.2"))).isZero();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (f.archive.reconciler().linkedStudies() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(f.archive.reconciler().linkedStudies()).isOne();
            assertThat(f.archive.reconciler().mismatchedStudies()).isOne();
            assertThat(f.count("SELECT COUNT(*) FROM st_worklist_link WHERE worklist_ref = 'ACC001/SPS1' "
                    + "AND mismatches = 'PatientName' AND matched_by = 'ACCESSION_NUMBER'")).isOne();
            assertThat(f.count("SELECT COUNT(*) FROM st_patient WHERE name = 'MÜLLER^JÜRGEN'")).as("not rewritten").isOne();
        }
    }
    /**
     * An archive indexed by a gateway before V2 (counters kept on the study and series rows, an index on file
     * paths) is migrated in place: the counts the study query reports come from the rows, and the index rows of
     * a file are still found by its path.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void migrationV2_keepsWhatAnOlderArchiveIndexed(String db) throws Exception {
        DbConfig config = db.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.postgres();
        try (Database database = Database.open(config)) {
            Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration/storescp")
                    .table("flyway_history_storescp").baselineOnMigrate(true).baselineVersion("0").target("1")
                    .load().migrate();
            database.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    String now = "TIMESTAMP '2026-01-01 10:00:00'";
                    st.executeUpdate("INSERT INTO st_patient (pk, patient_id, created_at, updated_at) VALUES (1, 'P1', "
                            + now + ", " + now + ")");
                    st.executeUpdate("INSERT INTO st_study (pk, patient_fk, study_iuid, num_series, num_instances, "
                            + "created_at, updated_at) VALUES (1, 1, '1.2.9', 2, 3, " + now + ", " + now + ")");
                    for (int se = 1; se <= 2; se++) {
                        st.executeUpdate("INSERT INTO st_series (pk, study_fk, series_iuid, num_instances, created_at, "
                                + "updated_at) VALUES (" + se + ", 1, '1.2.9." + se + "', " + (se == 1 ? 2 : 1) + ", "
                                + now + ", " + now + ")");
                    }
                    for (int in = 1; in <= 3; in++) {
                        int se = in <= 2 ? 1 : 2;
                        st.executeUpdate("INSERT INTO st_instance (pk, series_fk, sop_iuid, sop_cuid, created_at, "
                                + "updated_at) VALUES (" + in + ", " + se + ", '1.2.9." + se + "." + in + "', '"
                                + UID.MRImageStorage + "', " + now + ", " + now + ")");
                        st.executeUpdate("INSERT INTO st_instance_file (pk, instance_fk, path, size, transfer_syntax, "
                                + "calling_aet, received_at, is_current) VALUES (" + in + ", " + in + ", '1.2.9/1.2.9."
                                + se + "/1.2.9." + se + "." + in + ".dcm', " + (1000 + in) + ", '" + LE + "', 'MOD1', "
                                + now + ", TRUE)");
                    }
                }
                return null;
            });
            assertThat(database.migrate(ArchiveIndex.SCHEMA)).isOne();
            Attributes study = new StudyQuery(database).find(StudyQuery.Filter.of(null, null, null), 10).get(0);
            assertThat(study.getInt(Tag.NumberOfStudyRelatedSeries, -1)).isEqualTo(2);
            assertThat(study.getInt(Tag.NumberOfStudyRelatedInstances, -1)).isEqualTo(3);
            ArchiveIndex index = new ArchiveIndex(database, Clock.systemUTC(), OnDuplicate.KEEP_BOTH, List.of());
            assertThat(index.indexedSize("1.2.9/1.2.9.2/1.2.9.2.3.dcm")).isEqualTo(1003);
            assertThat(index.indexedSize("1.2.9/1.2.9.2/1.2.9.2.4.dcm")).isEqualTo(-1);
        }
    }
}
