package org.mip.gateway.storescp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditQuery;
import org.mip.gateway.audit.AuditService;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.service.AssociationInfo;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.reconcile.WorklistLink;
import org.mip.gateway.testing.TestDatabases;

/**
 * What a C-STORE leaves behind besides the file: the meters ({@code mipgw.dicom.store} by outcome, bytes,
 * {@code mipgw.archive.fsync}) and the PS3.15 A.5.3.7 audit events, one per study per association, written
 * only after the association ends.
 */
@Timeout(60)
class StoreObservabilityTest {
    private static final String LE = UID.ExplicitVRLittleEndian;
    private static final AssociationInfo MODALITY = new AssociationInfo("MODALITY1", "MIPGW", "/127.0.0.1:50001");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DicomMetrics metrics = new DicomMetrics(registry);
    private ArchiveFixture f;
    private AuditService audit;
    private StoreAuditTrail trail;
    private ArchiveStoreService service;

    @BeforeEach
    void start() throws Exception {
        f = ArchiveFixture.start(dir, TestDatabases.h2(dir), null, OnDuplicate.KEEP_BOTH, List.of(),
                new TimedArchiveFs(ArchiveFs.DEFAULT, metrics), WorklistLink.NONE);
        f.archive.metrics(metrics);
        f.db.migrate("core");
        audit = new AuditService(() -> f.db, Clock.systemUTC());
        audit.start();
        trail = new StoreAuditTrail(() -> f.db, audit);
        service = new ArchiveStoreService(f.archive, metrics, trail);
    }

    @AfterEach
    void stop() {
        audit.stop(Duration.ofSeconds(5));
        f.close();
    }

    private int store(AssociationInfo from, Attributes ds) throws Exception {
        return store(from, TestData.rq(ds), TestData.encode(ds, LE));
    }

    private int store(AssociationInfo from, CStoreRq rq, byte[] bytes) throws Exception {
        IncomingDataSet data = TestData.incoming(bytes, LE);
        return service.store(new ServiceRequest(from, 1, rq, data, new CancelToken()), rq, data);
    }

    private static Attributes instance(String study, String patientId, String sopInstanceUid) {
        Attributes ds = TestData.mr(study, study + ".1", sopInstanceUid);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        return ds;
    }

    private List<AuditEvent> stores() {
        return audit.log().query(new AuditQuery(null, null, AuditVocabulary.INSTANCES_STORED, null, null, 100));
    }

    @Test
    void anAssociation_isOneEventPerStudyWithItsPatient_writtenWhenItEnds() throws Exception {
        assertThat(store(MODALITY, instance("1.2.40.1", "PID-A", "1.2.40.1.1.1"))).isEqualTo(StoreStatus.SUCCESS);
        assertThat(store(MODALITY, instance("1.2.40.1", "PID-A", "1.2.40.1.1.2"))).isEqualTo(StoreStatus.SUCCESS);
        assertThat(store(MODALITY, instance("1.2.40.2", "PID-B", "1.2.40.2.1.1"))).isEqualTo(StoreStatus.SUCCESS);
        Attributes wrong = instance("1.2.40.2", "PID-B", "1.2.40.2.1.2");
        CStoreRq mismatched = new CStoreRq(7, UID.MRImageStorage, "1.2.40.2.1.99", Priority.MEDIUM);
        assertThatThrownBy(() -> store(MODALITY, mismatched, TestData.encode(wrong, LE)))
                .isInstanceOfSatisfying(DimseStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(StoreStatus.SOP_INSTANCE_MISMATCH));
        // nothing is written on the C-STORE path
        Thread.sleep(200);
        assertThat(stores()).isEmpty();

        trail.associationEnded("MODALITY1", "/127.0.0.1:50001", true);

        awaitStores(3);
        List<AuditEvent> events = stores();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("MODALITY1");
            assertThat(e.source()).isEqualTo("/127.0.0.1:50001");
        });
        AuditEvent a = single(events, "PID-A");
        assertThat(a.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(a.detail()).contains("C-STORE from MODALITY1 to MIPGW: 2 instance(s) of study 1.2.40.1",
                "accession ACC001", "MR Image Storage x 2");
        AuditEvent b = single(events, "PID-B");
        assertThat(b.detail()).contains("1 instance(s) of study 1.2.40.2");
        AuditEvent failed = events.stream().filter(e -> e.outcome() == AuditEvent.Outcome.FAILURE).findFirst()
                .orElseThrow();
        assertThat(failed.patientId()).isNull();
        assertThat(failed.detail()).contains("1 instance(s) refused (1 x 0117H)", "1.2.40.2.1.99");
        assertThat(AuditVocabulary.eventId(AuditVocabulary.INSTANCES_STORED).code()).isEqualTo("110104");
    }

    @Test
    void aLongAssociation_writesItsBatchOnceItIsOlderThanTheMaximumAge() throws Exception {
        trail = new StoreAuditTrail(() -> f.db, audit, Duration.ofMillis(50));
        service = new ArchiveStoreService(f.archive, metrics, trail);
        assertThat(store(MODALITY, instance("1.2.42.1", "PID-D", "1.2.42.1.1.1"))).isZero();
        Thread.sleep(200);
        assertThat(stores()).as("one young instance stays in memory").isEmpty();
        // the association is still open: the next instance finds its batch too old and writes both
        assertThat(store(MODALITY, instance("1.2.42.1", "PID-D", "1.2.42.1.1.2"))).isZero();
        awaitStores(1);
        AuditEvent e = stores().get(0);
        assertThat(e.patientId()).isEqualTo("PID-D");
        assertThat(e.detail()).contains("2 instance(s) of study 1.2.42.1");
    }

    @Test
    void aStoreThatEndsAfterItsAssociation_isWrittenOnItsOwn() throws Exception {
        trail.associationEnded("MODALITY1", "/127.0.0.1:50001", false); // aborted while the instance was syncing
        assertThat(store(MODALITY, instance("1.2.41.1", "PID-C", "1.2.41.1.1.1"))).isZero();
        awaitStores(1);
        assertThat(stores().get(0).patientId()).isEqualTo("PID-C");

        // after a release nothing can still be in flight: a new association from the same address batches again
        AssociationInfo next = new AssociationInfo("MODALITY2", "MIPGW", "/127.0.0.1:50002");
        trail.associationEnded("MODALITY2", "/127.0.0.1:50002", true);
        assertThat(store(next, instance("1.2.41.2", "PID-E", "1.2.41.2.1.1"))).isZero();
        Thread.sleep(200);
        assertThat(stores()).hasSize(1);
        trail.associationEnded("MODALITY2", "/127.0.0.1:50002", true);
        awaitStores(2);
        assertThat(stores().get(0).patientId()).isEqualTo("PID-E");
    }

    @Test
    void metrics_countEachStoreByOutcome_withItsBytes_latencyFsyncsAndIndexCommit() throws Exception {
        Attributes ds = instance("1.2.42.1", "PID-D", "1.2.42.1.1.1");
        byte[] bytes = TestData.encode(ds, LE);
        assertThat(store(MODALITY, TestData.rq(ds), bytes)).isZero();
        CStoreRq mismatched = new CStoreRq(2, UID.MRImageStorage, "1.2.42.1.1.99", Priority.MEDIUM);
        assertThatThrownBy(() -> store(MODALITY, mismatched, bytes)).isInstanceOf(DimseStatusException.class);

        assertThat(registry.get("mipgw.dicom.store").tag("outcome", "success").timer().count()).isOne();
        assertThat(registry.get("mipgw.dicom.store").tag("outcome", "success").timer().totalTime(
                java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("mipgw.dicom.store").tag("outcome", "failure").timer().count()).isOne();
        assertThat(registry.get("mipgw.dicom.store.bytes").summary().count()).isEqualTo(2);
        assertThat(registry.get("mipgw.dicom.store.bytes").summary().totalAmount()).isEqualTo(2.0 * bytes.length);
        // the stored file's sync, and its folders' before the index commit; the refused one is not synced
        assertThat(registry.get("mipgw.archive.fsync").timer().count()).isGreaterThanOrEqualTo(2);
        // one index commit, of the one stored instance (the refused one never reaches the index)
        assertThat(registry.get("mipgw.archive.index.commit").timer().count()).isOne();
        assertThat(registry.get("mipgw.archive.index.commit").timer().totalTime(
                java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("mipgw.archive.index.group").summary().count()).isOne();
        assertThat(registry.get("mipgw.archive.index.group").summary().totalAmount()).isEqualTo(1.0);
    }

    /** Waits (bounded) for the audit writer to have written {@code n} store events. */
    private void awaitStores(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stores().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stores()).hasSize(n);
    }

    private static AuditEvent single(List<AuditEvent> events, String patientId) {
        List<AuditEvent> of = events.stream().filter(e -> patientId.equals(e.patientId())).collect(Collectors.toList());
        assertThat(of).as("events of %s in %s", patientId, events).hasSize(1);
        return of.get(0);
    }
}
