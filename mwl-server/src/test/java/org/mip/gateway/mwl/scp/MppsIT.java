package org.mip.gateway.mwl.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditQuery;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.MwlFixture;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.mwl.Uids;
import org.mip.gateway.mwl.mpps.MppsStatus;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.NCreateRq;
import org.mip.gateway.net.dimse.NCreateRsp;
import org.mip.gateway.net.dimse.NSetRq;
import org.mip.gateway.net.dimse.NSetRsp;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;

/**
 * MPPS over the wire (our SCU: there is no DCMTK MPPS tool): N-CREATE IN PROGRESS and N-SET COMPLETED move the
 * booked item out of the default worklist answer (checked with DCMTK {@code findscu -W}); the failure statuses of
 * PS3.4 F.7.2 arrive with their Error Comment, Error ID and Offending Element. On H2 and PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MppsIT {
    static final String AET = "MIPGW";

    @TempDir
    Path tmp;
    MwlTestServer ours;
    DicomClient client;
    int run;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    private void start(String engine) throws Exception {
        ours = MwlTestServer.start(engine, tmp, AET);
        client = new DicomClient();
    }

    private Booking book(String accession, String name) {
        return ours.module.bookings().book(MwlFixture.item(accession, "S1", "P" + accession, name, "MR", "20261126",
                "0930", "MRI_1"), null, "test").booking();
    }

    private ScuAssociation associate() throws Exception {
        return client.connect(new AeAddress(AET, "127.0.0.1", ours.port()), "MODALITY",
                List.of(new PresentationContextRq(1, UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian,
                        UID.ImplicitVRLittleEndian)), ClientOptions.defaults());
    }

    private static DimseResponse last(List<Reply> replies) {
        return replies.get(replies.size() - 1).response();
    }

    private static Attributes inProgress(Booking b) {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        a.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS1");
        a.setString(Tag.PerformedStationAETitle, VR.AE, "MRI_1");
        a.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20261126");
        a.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "0935");
        a.setString(Tag.Modality, VR.CS, "MR");
        Attributes ssa = a.newSequence(Tag.ScheduledStepAttributesSequence, 1).addItem();
        ssa.setString(Tag.AccessionNumber, VR.SH, b.accessionNumber());
        ssa.setString(Tag.StudyInstanceUID, VR.UI, b.item().getString(Tag.StudyInstanceUID));
        ssa.setString(Tag.RequestedProcedureID, VR.SH, b.item().getString(Tag.RequestedProcedureID));
        ssa.setString(Tag.ScheduledProcedureStepID, VR.SH, b.spsId());
        return a;
    }

    private static Attributes status(String s) {
        return new Attributes().setString(Tag.PerformedProcedureStepStatus, VR.CS, s);
    }

    private List<String> defaultWorklist() throws Exception {
        return Dcmtk.findscu(ours.port(), AET, tmp.resolve("find" + run++), List.of("-k", "AccessionNumber",
                "-k", "PatientName", "-k", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MRI_1"))
                .responses().stream().map(r -> r.getString(Tag.AccessionNumber)).sorted().toList();
    }

    private SpsStatus statusOf(Booking b) {
        return ours.module.bookings().get(b.id()).orElseThrow().status();
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void inProgressThenCompleted_takesTheItemOffTheWorklist_andALaterNSetIsRefusedWith0110H(String engine)
            throws Exception {
        start(engine);
        Booking b = book("A1", "DOE^JANE");
        book("A2", "ROE^RICHARD");
        assertThat(defaultWorklist()).containsExactly("A1", "A2");

        try (ScuAssociation as = associate()) {
            // N-CREATE without Affected SOP Instance UID: the SCP assigns one and returns it (PS3.7 10.3.5)
            NCreateRq create = new NCreateRq(as.nextMessageId(), UID.ModalityPerformedProcedureStep, null, true);
            NCreateRsp created = (NCreateRsp) last(ScuAssociation.await(as.send(create, inProgress(b))));
            assertThat(created.status()).isEqualTo(Status.Success);
            String uid = created.affectedSopInstanceUid();
            assertThat(uid).startsWith("2.25.");
            assertThat(Uids.isValid(uid)).isTrue();
            assertThat(statusOf(b)).isEqualTo(SpsStatus.STARTED);
            // by default the worklist holds SCHEDULED, ARRIVED and READY steps only
            assertThat(defaultWorklist()).containsExactly("A2");

            Attributes progress = status("IN PROGRESS");
            progress.setString(Tag.PerformedProcedureStepDescription, VR.LO, "MR KNEE");
            NSetRsp set = (NSetRsp) last(ScuAssociation.await(as.send(new NSetRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid), progress)));
            assertThat(set.status()).isEqualTo(Status.Success);
            assertThat(set.affectedSopInstanceUid()).isEqualTo(uid);

            NSetRsp done = (NSetRsp) last(ScuAssociation.await(as.send(new NSetRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid), status("COMPLETED"))));
            assertThat(done.status()).isEqualTo(Status.Success);
            assertThat(statusOf(b)).isEqualTo(SpsStatus.COMPLETED);
            assertThat(ours.module.mpps().get(uid).orElseThrow().attributes()
                    .getString(Tag.PerformedProcedureStepDescription)).isEqualTo("MR KNEE");
            assertThat(defaultWorklist()).containsExactly("A2");

            // PS3.4 F.7.2.2.3, Table F.7.2-2: once COMPLETED, an N-SET is a processing failure 0110H with
            // Error ID A710H (the C310H is not what the standard specifies)
            NSetRsp refused = (NSetRsp) last(ScuAssociation.await(as.send(new NSetRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid), status("DISCONTINUED"))));
            assertThat(refused.status()).isEqualTo(0x0110);
            assertThat(refused.error().errorId()).isEqualTo(0xA710);
            assertThat(refused.error().errorComment()).isEqualTo(MppsStatus.MAY_NO_LONGER_BE_UPDATED);
            assertThat(statusOf(b)).isEqualTo(SpsStatus.COMPLETED);

            // PS3.15 A.5.3.15 Procedure Record: the calling AE title and the booked patient (the N-CREATE had
            // no Patient ID: it comes from the linked worklist item)
            List<AuditEvent> created2 = ours.fixture.audit.query(new AuditQuery(null, null, "MPPS_CREATED", null,
                    null, 10));
            assertThat(created2).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("MODALITY");
                assertThat(e.source()).startsWith("/127.0.0.1:");
                assertThat(e.patientId()).isEqualTo("PA1");
                assertThat(e.detail()).contains("mpps=" + uid, "status=IN PROGRESS", "accession=A1");
            });
            assertThat(ours.fixture.audit.query(new AuditQuery(null, null, "MPPS_UPDATED", "MODALITY", "PA1", 10)))
                    .extracting(AuditEvent::detail).anySatisfy(d -> assertThat(d).contains("status=COMPLETED"))
                    .hasSize(2);
            assertThat(AuditVocabulary.eventId("MPPS_CREATED").code()).isEqualTo("110111");
        }
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void discontinued_takesTheItemOffTheWorklistToo(String engine) throws Exception {
        start(engine);
        Booking b = book("A1", "DOE^JANE");
        String uid = Uids.random();
        try (ScuAssociation as = associate()) {
            NCreateRsp created = (NCreateRsp) last(ScuAssociation.await(as.send(new NCreateRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid, true), inProgress(b))));
            assertThat(created.status()).isEqualTo(Status.Success);
            assertThat(created.affectedSopInstanceUid()).isEqualTo(uid);
            NSetRsp stopped = (NSetRsp) last(ScuAssociation.await(as.send(new NSetRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid), status("DISCONTINUED"))));
            assertThat(stopped.status()).isEqualTo(Status.Success);
        }
        assertThat(statusOf(b)).isEqualTo(SpsStatus.DISCONTINUED);
        assertThat(defaultWorklist()).isEmpty();
    }

    /** PS3.4 F.7.2.1.2 / F.7.2.2.2 and PS3.7 C.4 (Error Comment, Offending Element). */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void invalidRequests_getTheFailureStatusesOfF72_withTheOffendingElement(String engine) throws Exception {
        start(engine);
        Booking b = book("A1", "DOE^JANE");
        String uid = Uids.random();
        try (ScuAssociation as = associate()) {
            // N-CREATE must create IN PROGRESS: 0106H invalid attribute value, naming (0040,0252)
            NCreateRsp wrong = (NCreateRsp) last(ScuAssociation.await(as.send(new NCreateRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid, true), status("COMPLETED"))));
            assertThat(wrong.status()).isEqualTo(0x0106);
            assertThat(wrong.error().offendingElements()).containsExactly(Tag.PerformedProcedureStepStatus);
            assertThat(wrong.error().errorComment()).isNotBlank();
            // no status at all: 0120H missing attribute
            NCreateRsp missing = (NCreateRsp) last(ScuAssociation.await(as.send(new NCreateRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid, true), new Attributes()
                    .setString(Tag.PerformedProcedureStepID, VR.SH, "X"))));
            assertThat(missing.status()).isEqualTo(0x0120);
            assertThat(missing.error().offendingElements()).containsExactly(Tag.PerformedProcedureStepStatus);

            assertThat(last(ScuAssociation.await(as.send(new NCreateRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid, true), inProgress(b)))).status()).isEqualTo(Status.Success);
            // the same instance again: 0111H duplicate SOP instance
            assertThat(last(ScuAssociation.await(as.send(new NCreateRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid, true), inProgress(b)))).status()).isEqualTo(0x0111);
            // N-SET of an unknown instance: 0112H no such SOP instance
            assertThat(last(ScuAssociation.await(as.send(new NSetRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, Uids.random()), status("COMPLETED")))).status())
                    .isEqualTo(0x0112);
            // an unknown status value: 0106H
            NSetRsp bad = (NSetRsp) last(ScuAssociation.await(as.send(new NSetRq(as.nextMessageId(),
                    UID.ModalityPerformedProcedureStep, uid), status("FINISHED"))));
            assertThat(bad.status()).isEqualTo(0x0106);
            assertThat(bad.error().offendingElements()).containsExactly(Tag.PerformedProcedureStepStatus);
        }
        assertThat(statusOf(b)).isEqualTo(SpsStatus.STARTED);
    }
}
