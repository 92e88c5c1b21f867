package org.mip.gateway.mwl.scp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditSink;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.mwl.MwlFixture;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.CFindRq;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.server.DicomServer;

/**
 * Each MWL C-FIND is timed ({@code mipgw.dicom.find} by outcome) and audited as PS3.15 A.5.3.10 Query with the
 * calling AE title, its address, the matching keys, the matches and the patient (DCMTK {@code findscu -W} and
 * our SCU against an H2 worklist).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MwlFindObservabilityIT {
    record Recorded(String action, AuditEvent.Outcome outcome, String actor, String source, String detail,
                    String patientId) {}

    @TempDir
    Path tmp;
    private MwlTestServer ours;
    private DicomServer observed;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Recorded> events = new CopyOnWriteArrayList<>();
    private int run;

    @BeforeEach
    void start() throws Exception {
        ours = MwlTestServer.start("h2", tmp, "MIPGW");
        AuditSink sink = (action, outcome, actor, source, detail, patientId) ->
                events.add(new Recorded(action, outcome, actor, source, detail, patientId));
        observed = MwlTestServer.server("MIPGW", MwlServices.of(ours.module, null, new DicomMetrics(registry), sink));
        for (int i = 0; i < 3; i++) {
            ours.module.bookings().book(MwlFixture.item("ACC" + i, "S1", "PAT" + i, "DOE^JOHN" + i, "MR", "20261126",
                    "090" + i, "MRI_1"), null, "test");
        }
    }

    @AfterEach
    void stop() {
        if (observed != null) {
            observed.stop(Duration.ofSeconds(2));
        }
        ours.close();
    }

    private Dcmtk.FindResult findscu(String... args) throws Exception {
        return Dcmtk.findscu(observed.port(), "MIPGW", tmp.resolve("find" + run++), List.of(args));
    }

    private long count(String outcome) {
        return registry.get("mipgw.dicom.find").tag("outcome", outcome).timer().count();
    }

    @Test
    void aQueryForOnePatient_isTimedAndAuditedWithTheCallingAeKeysAndPatient() throws Exception {
        assertThat(findscu("-k", "PatientID=PAT1", "-k", "AccessionNumber", "-k", "PatientName",
                "-k", "ScheduledProcedureStepSequence[0].Modality=MR").responses()).hasSize(1);

        assertThat(count("success")).isOne();
        assertThat(registry.get("mipgw.dicom.find").tag("outcome", "success").timer()
                .totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditVocabulary.WORKLIST_QUERY);
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
            assertThat(e.actor()).isEqualTo("FINDSCU"); // Dcmtk.findscu's -aet
            assertThat(e.source()).startsWith("/127.0.0.1:");
            assertThat(e.patientId()).isEqualTo("PAT1");
            assertThat(e.detail()).contains("MWL C-FIND (" + UID.ModalityWorklistInformationModelFind + ") from FINDSCU to MIPGW",
                    "0000H", "1 match(es)", "PatientID=PAT1", "ScheduledProcedureStepSequence>Modality=MR",
                    "patients PAT1");
        });
        assertThat(AuditVocabulary.eventId(AuditVocabulary.WORKLIST_QUERY).meaning()).isEqualTo("Query");
    }

    @Test
    void aStationsWorklist_namesEveryPatientReturned_andNoSinglePatient() throws Exception {
        assertThat(findscu("-k", "AccessionNumber", "-k", "PatientID",
                "-k", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MRI_1").responses()).hasSize(3);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.patientId()).isNull();
            assertThat(e.detail()).contains("3 match(es)", "ScheduledProcedureStepSequence>ScheduledStationAETitle=MRI_1",
                    "patients PAT0,PAT1,PAT2");
        });
    }

    @Test
    void aRefusedQuery_isAFailureInTheMetricAndTheTrail() throws Exception {
        try (DicomClient client = new DicomClient()) {
            ScuAssociation as = client.connect(new AeAddress("MIPGW", "127.0.0.1", observed.port()), "MODALITY",
                    List.of(new PresentationContextRq(1, UID.ModalityWorklistInformationModelFind,
                            UID.ExplicitVRLittleEndian)), ClientOptions.defaults());
            Attributes keys = new Attributes();
            keys.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem()
                    .setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "2024-13-45");
            ScuAssociation.await(as.send(new CFindRq(as.nextMessageId(), UID.ModalityWorklistInformationModelFind,
                    Priority.MEDIUM), keys));
            as.release();
        }
        assertThat(count("failure")).isOne();
        assertThat(count("success")).isZero();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
            assertThat(e.actor()).isEqualTo("MODALITY");
            assertThat(e.detail()).contains("A900H", "0 match(es)");
        });
    }
}
