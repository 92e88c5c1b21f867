package org.mip.gateway.mwl.mpps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.MwlFixture;
import org.mip.gateway.mwl.SpsStatus;

/** MPPS N-CREATE / N-SET transitions and their failure statuses (PS3.4 F.7.2), on H2 and PostgreSQL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MppsServiceIT {
    @TempDir
    Path tmp;

    private MwlFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private Booking book(String accession) {
        return f.bookings.book(MwlFixture.item(accession, "S1", "P1", "DOE^JANE", "MR", "20261126", "0930"), null, "test").booking();
    }

    private static Attributes nCreate(Booking b, String status) {
        Attributes a = new Attributes();
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, status);
        a.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS1");
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

    private SpsStatus statusOf(Booking b) {
        return f.bookings.get(b.id()).orElseThrow().status();
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void inProgressThenCompleted_movesTheStep_andRefusesLaterUpdates(String engine) {
        f = new MwlFixture(engine, tmp);
        Booking b = book("A1");
        Booking other = book("A2");
        MppsResult created = f.mpps.create("1.2.3.4", nCreate(b, "IN PROGRESS"));
        assertThat(created.linkedSpsIds()).containsExactly(b.id());
        assertThat(statusOf(b)).isEqualTo(SpsStatus.STARTED);
        assertThat(f.find(new Attributes().setNull(Tag.AccessionNumber, VR.SH)))
                .extracting(r -> r.getString(Tag.AccessionNumber)).containsExactly("A2");

        Attributes progress = status("IN PROGRESS");
        progress.setString(Tag.PerformedProcedureStepDescription, VR.LO, "HEAD");
        assertThat(f.mpps.set("1.2.3.4", progress).status()).isEqualTo("IN PROGRESS");
        MppsResult done = f.mpps.set("1.2.3.4", status("COMPLETED"));
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.attributes().getString(Tag.PerformedProcedureStepDescription)).isEqualTo("HEAD");
        assertThat(statusOf(b)).isEqualTo(SpsStatus.COMPLETED);
        assertThat(statusOf(other)).isEqualTo(SpsStatus.SCHEDULED);

        // PS3.4 F.7.2.2.3 and Table F.7.2-2: Processing failure 0110H, Error ID A710
        assertThatThrownBy(() -> f.mpps.set("1.2.3.4", status("DISCONTINUED")))
                .isInstanceOfSatisfying(MppsException.class, e -> {
                    assertThat(e.status()).isEqualTo(0x0110);
                    assertThat(e.errorId()).isEqualTo(0xA710);
                    assertThat(e.comment()).isEqualTo("Performed Procedure Step Object may no longer be updated");
                });
        assertThat(statusOf(b)).isEqualTo(SpsStatus.COMPLETED);
        assertThat(f.mpps.get("1.2.3.4")).get().extracting(MppsResult::status).isEqualTo("COMPLETED");
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void discontinued_movesTheStepToDiscontinued(String engine) {
        f = new MwlFixture(engine, tmp);
        Booking b = book("A1");
        f.mpps.create("1.2.3.5", nCreate(b, "IN PROGRESS"));
        f.mpps.set("1.2.3.5", status("DISCONTINUED"));
        assertThat(statusOf(b)).isEqualTo(SpsStatus.DISCONTINUED);
        assertThatThrownBy(() -> f.mpps.set("1.2.3.5", status("COMPLETED")))
                .isInstanceOfSatisfying(MppsException.class, e -> assertThat(e.status()).isEqualTo(0x0110));
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void invalidRequests_getTheirStatusCodes(String engine) {
        f = new MwlFixture(engine, tmp);
        Booking b = book("A1");
        assertThatThrownBy(() -> f.mpps.create("1.2.3.6", nCreate(b, "COMPLETED")))
                .isInstanceOfSatisfying(MppsException.class, e -> {
                    assertThat(e.status()).isEqualTo(0x0106);
                    assertThat(e.tag()).isEqualTo(Tag.PerformedProcedureStepStatus);
                });
        assertThat(statusOf(b)).isEqualTo(SpsStatus.SCHEDULED);
        assertThatThrownBy(() -> f.mpps.create("1.2.3.6", new Attributes()))
                .isInstanceOfSatisfying(MppsException.class, e -> assertThat(e.status()).isEqualTo(0x0120));
        f.mpps.create("1.2.3.6", nCreate(b, "IN PROGRESS"));
        assertThatThrownBy(() -> f.mpps.create("1.2.3.6", nCreate(b, "IN PROGRESS")))
                .isInstanceOfSatisfying(MppsException.class, e -> assertThat(e.status()).isEqualTo(0x0111));
        assertThatThrownBy(() -> f.mpps.set("9.9.9", status("COMPLETED")))
                .isInstanceOfSatisfying(MppsException.class, e -> assertThat(e.status()).isEqualTo(0x0112));
        assertThatThrownBy(() -> f.mpps.set("1.2.3.6", status("DONE")))
                .isInstanceOfSatisfying(MppsException.class, e -> assertThat(e.status()).isEqualTo(0x0106));
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void unscheduledStep_linksNothing(String engine) {
        f = new MwlFixture(engine, tmp);
        Booking b = book("A1");
        Attributes a = status("IN PROGRESS");
        a.newSequence(Tag.ScheduledStepAttributesSequence, 1).addItem().setNull(Tag.ScheduledProcedureStepID, VR.SH);
        assertThat(f.mpps.create("1.2.3.7", a).linkedSpsIds()).isEmpty();
        assertThat(statusOf(b)).isEqualTo(SpsStatus.SCHEDULED);
    }
}
