package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BookingIT {
    @TempDir
    Path tmp;

    private MwlFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void sameAccessionAndStepAgain_updatesTheItem(String engine) {
        f = new MwlFixture(engine, tmp);
        BookingResult first = f.bookings.book(MwlFixture.item("A1", "S1", "P1", "DOE^JANE", "MR", "20261126", "0930"), "RIS1", "api");
        assertThat(first.created()).isTrue();
        Booking b = first.booking();
        assertThat(b.status()).isEqualTo(SpsStatus.SCHEDULED);
        assertThat(b.referrerId()).isEqualTo("RIS1");
        assertThat(b.item().getString(Tag.StudyInstanceUID)).startsWith("2.25.");
        Attributes sps = b.item().getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(sps.getString(Tag.ScheduledStationAETitle)).isEqualTo("MRI_1");
        assertThat(sps.getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");

        Attributes changed = MwlFixture.item("A1", "S1", "P1", "DOE^JANE MARIE", "MR", "20261127", "1000");
        changed.setString(Tag.StudyInstanceUID, VR.UI, b.item().getString(Tag.StudyInstanceUID));
        BookingResult second = f.bookings.book(changed, null, "api");
        assertThat(second.created()).isFalse();
        assertThat(second.booking().id()).isEqualTo(b.id());
        assertThat(second.booking().referrerId()).isEqualTo("RIS1"); // kept when not given
        assertThat(second.booking().item().getString(Tag.PatientName)).isEqualTo("DOE^JANE MARIE");
        assertThat(f.bookings.list(new BookingFilter(LocalDate.of(2026, 11, 27), "MR", "MRI_1", SpsStatus.SCHEDULED, 10)))
                .extracting(Booking::id).containsExactly(b.id());
        assertThat(f.bookings.list(new BookingFilter(LocalDate.of(2026, 11, 26), null, null, null, 10))).isEmpty();
        assertThat(f.audit.latest(10)).extracting(AuditEvent::action)
                .containsExactly("MWL_BOOKING_UPDATED", "MWL_BOOKING_CREATED");
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void cancel_takesTheItemOffTheWorklist(String engine) {
        f = new MwlFixture(engine, tmp);
        long id = f.bookings.book(MwlFixture.item("A1", "S1", "P1", "DOE^JANE", "CT", "20261126", "0930", "CT_1"), null, "api")
                .booking().id();
        f.bookings.book(MwlFixture.item("A2", "S1", "P1", "DOE^JANE", "CT", "20261126", "1030", "CT_1"), null, "api");
        assertThat(f.find(new Attributes().setNull(Tag.AccessionNumber, VR.SH))).hasSize(2);
        assertThat(f.bookings.cancel(id, "api")).get().extracting(Booking::status).isEqualTo(SpsStatus.DISCONTINUED);
        assertThat(f.find(new Attributes().setNull(Tag.AccessionNumber, VR.SH)))
                .extracting(r -> r.getString(Tag.AccessionNumber)).containsExactly("A2");
        assertThat(f.bookings.get(id)).get().extracting(Booking::status).isEqualTo(SpsStatus.DISCONTINUED);
        assertThat(f.bookings.cancel(999_999, "api")).isEmpty();
        assertThat(f.bookings.list(new BookingFilter(null, null, "CT_1", SpsStatus.DISCONTINUED, 10)))
                .extracting(Booking::id).containsExactly(id);
        assertThat(f.bookings.byAccessionNumber("A1")).hasSize(1);
    }
}
