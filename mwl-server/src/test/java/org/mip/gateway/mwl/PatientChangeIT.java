package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/** ADT^A08 / ADT^A40 through the booking service: what changes, what does not, and all or nothing. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PatientChangeIT {
    private static final Instant BOOKED = Instant.parse("2026-11-26T07:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-05T07:00:00Z");

    @TempDir
    Path tmp;

    private MwlFixture f;
    private final TestClock clock = new TestClock();
    private BookingService bookings;

    /** A clock the test moves: bookings are made at BOOKED, ADT changes at LATER. */
    static final class TestClock extends Clock {
        volatile Instant now = BOOKED;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private void open(String engine) {
        f = new MwlFixture(engine, tmp);
        bookings = new BookingService(f.db, new MwlConfig(List.of(new MwlConfig.Station("MRI_1", "MR", "MRI one"))),
                f.audit, clock);
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private Booking book(String accession, String spsId, String patientId, String issuer, String name, SpsStatus status) {
        Attributes item = MwlFixture.item(accession, spsId, patientId, name, "MR", "20261126", "0930");
        if (issuer != null) {
            item.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        item.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        item.setString(Tag.PatientSex, VR.CS, "F");
        item.getNestedDataset(Tag.ScheduledProcedureStepSequence)
                .setString(Tag.ScheduledProcedureStepStatus, VR.CS, status.name());
        return bookings.book(item, "RIS1", "test").booking();
    }

    private static Attributes adtPatient(String patientId, String issuer, String name, String birthDate, String sex) {
        Attributes p = new Attributes();
        p.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        p.setString(Tag.PatientID, VR.LO, patientId);
        if (issuer != null) {
            p.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        p.setString(Tag.PatientName, VR.PN, name);
        p.setString(Tag.PatientBirthDate, VR.DA, birthDate);
        p.setString(Tag.PatientSex, VR.CS, sex);
        return p;
    }

    /** Every mwl_patient row as "patient_id/issuer/pn_family/updated_at-day", and every item as "accession/sps -> patient_id". */
    private List<String> rows() {
        return f.db.inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT patient_id, issuer, pn_family, pn_family_u, attrs, updated_at "
                    + "FROM mwl_patient ORDER BY pk"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("patient " + rs.getString(1) + "/" + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getString(4) + " " + rs.getString(5) + " " + rs.getTimestamp(6));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT s.accession_no, s.sps_id, s.status, p.patient_id, "
                    + "s.updated_at, r.updated_at FROM mwl_sps s JOIN mwl_request r ON r.pk = s.request_fk "
                    + "JOIN mwl_patient p ON p.pk = r.patient_fk ORDER BY s.pk"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("item " + rs.getString(1) + "/" + rs.getString(2) + " " + rs.getString(3) + " -> "
                            + rs.getString(4) + " " + rs.getTimestamp(5) + " " + rs.getTimestamp(6));
                }
            }
            return out;
        });
    }

    /** Makes any later change to the item with this accession number fail inside the database (H2 and PostgreSQL). */
    private void failWhenTouched(String accession) {
        f.db.inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.execute("ALTER TABLE mwl_sps ADD CONSTRAINT test_fail_" + accession.replace('-', '_')
                        + " CHECK (accession_no <> '" + accession + "' OR updated_at < TIMESTAMP '2026-12-01 00:00:00')");
            }
            return null;
        });
    }

    private List<String> findByPatientId(String patientId) {
        Attributes keys = new Attributes();
        keys.setString(Tag.PatientID, VR.LO, patientId);
        keys.setNull(Tag.PatientName, VR.PN);
        keys.setNull(Tag.AccessionNumber, VR.SH);
        return f.find(keys).stream().map(a -> a.getString(Tag.AccessionNumber) + " " + a.getString(Tag.PatientName))
                .sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void updatePatient_changesTheDemographicsOfAPatientWithOpenItems_andNoOtherPatient(String engine) {
        open(engine);
        Booking open = book("A1", "S1", "P1", "HOSP_A", "DOE^JANE", SpsStatus.SCHEDULED);
        book("A2", "S1", "P2", "HOSP_A", "ROE^RICHARD", SpsStatus.SCHEDULED);
        book("A3", "S1", "P3", "HOSP_A", "POE^EDGAR", SpsStatus.COMPLETED);
        clock.now = LATER;

        List<Booking> changed = bookings.updatePatient(adtPatient("P1", null, "Ødegård^Åse", "19800304", "M"), "HL7 HOSP_A");
        assertThat(changed).extracting(Booking::id).containsExactly(open.id());
        Attributes item = bookings.get(open.id()).orElseThrow().item();
        assertThat(item.getString(Tag.PatientName)).isEqualTo("Ødegård^Åse");
        assertThat(item.getString(Tag.PatientBirthDate)).isEqualTo("19800304");
        assertThat(item.getString(Tag.PatientSex)).isEqualTo("M");
        assertThat(item.getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_A"); // identifiers stay
        assertThat(bookings.get(open.id()).orElseThrow().updatedAt()).isEqualTo(LATER);
        assertThat(findByPatientId("P1")).containsExactly("A1 Ødegård^Åse");
        assertThat(findByPatientId("P2")).containsExactly("A2 ROE^RICHARD");

        // a patient whose items were all performed is not on the worklist: nothing to update
        List<String> before = rows();
        assertThat(bookings.updatePatient(adtPatient("P3", "HOSP_A", "NEW^NAME", "19800304", "M"), "HL7 HOSP_A")).isEmpty();
        assertThat(rows()).isEqualTo(before);
        // another issuer is another patient
        assertThat(bookings.updatePatient(adtPatient("P2", "HOSP_B", "NEW^NAME", "19800304", "M"), "HL7 HOSP_B")).isEmpty();
        assertThat(rows()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void updatePatient_failingInTheMiddle_leavesEveryRowAsItWas(String engine) {
        open(engine);
        // one Patient ID under two issuers; an A08 without issuer updates both patient records, in pk order
        book("A-OK", "S1", "P9", "HOSP_A", "FIRST^NAME", SpsStatus.SCHEDULED);
        book("B-FAIL", "S1", "P9", "HOSP_B", "FIRST^NAME", SpsStatus.SCHEDULED);
        failWhenTouched("B-FAIL"); // fails after HOSP_A's record and item and HOSP_B's record were written
        List<String> before = rows();
        clock.now = LATER;

        assertThatThrownBy(() -> bookings.updatePatient(adtPatient("P9", null, "CHANGED^NAME", "19990101", "M"), "HL7 X"))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT)).contains("test_fail_b_fail"));
        assertThat(rows()).isEqualTo(before);
        assertThat(findByPatientId("P9")).containsExactly("A-OK FIRST^NAME", "B-FAIL FIRST^NAME");
        assertThat(f.audit.latest(10)).noneMatch(e -> e.detail() != null && e.detail().contains("demographics updated"));
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void mergePatient_movesEveryOpenItemOfThePriorPatientToTheSurvivingOne(String engine) {
        open(engine);
        Booking a1 = book("A1", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.SCHEDULED);
        Booking a2 = book("A2", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.ARRIVED);
        Booking a3 = book("A3", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.COMPLETED);
        // one requested procedure, one step open and one performed: it moves whole
        Booking a5open = book("A5", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.READY);
        Booking a5done = book("A5", "S2", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.COMPLETED);
        Booking a4 = book("A4", "S1", "NEW", "HOSP_A", "NEWNAME^ANN", SpsStatus.SCHEDULED);
        Booking other = book("A6", "S1", "OTHER", "HOSP_A", "OTHER^OTTO", SpsStatus.SCHEDULED);
        clock.now = LATER;

        List<Booking> merged = bookings.mergePatient("OLD", null, adtPatient("NEW", "HOSP_A", "MERGED^ANN", "19750505", "F"),
                "HL7 HOSP_A");
        assertThat(merged).extracting(Booking::id).containsExactlyInAnyOrder(a1.id(), a2.id(), a5open.id(), a4.id());
        for (Booking b : List.of(a1, a2, a5open, a5done, a4)) {
            Attributes item = bookings.get(b.id()).orElseThrow().item();
            assertThat(item.getString(Tag.PatientID)).as(b.accessionNumber() + "/" + b.spsId()).isEqualTo("NEW");
            assertThat(item.getString(Tag.PatientName)).isEqualTo("MERGED^ANN");
            assertThat(item.getString(Tag.PatientBirthDate)).isEqualTo("19750505");
        }
        assertThat(bookings.get(a2.id()).orElseThrow().status()).isEqualTo(SpsStatus.ARRIVED);
        Attributes performed = bookings.get(a3.id()).orElseThrow().item();
        assertThat(performed.getString(Tag.PatientID)).isEqualTo("OLD");
        assertThat(performed.getString(Tag.PatientName)).isEqualTo("OLDNAME^ANN");
        assertThat(bookings.get(other.id()).orElseThrow().item().getString(Tag.PatientID)).isEqualTo("OTHER");
        assertThat(findByPatientId("NEW")).containsExactly("A1 MERGED^ANN", "A2 MERGED^ANN", "A4 MERGED^ANN", "A5 MERGED^ANN");
        assertThat(findByPatientId("OLD")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void mergePatient_intoAPatientTheWorklistDoesNotKnow_createsItWithThePriorIssuer(String engine) {
        open(engine);
        Booking a1 = book("A1", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.SCHEDULED);
        clock.now = LATER;
        assertThat(bookings.mergePatient("OLD", "HOSP_A", adtPatient("NEW", null, "NEWNAME^ANN", "19750505", "F"), "HL7"))
                .extracting(Booking::id).containsExactly(a1.id());
        Attributes item = bookings.get(a1.id()).orElseThrow().item();
        assertThat(item.getString(Tag.PatientID)).isEqualTo("NEW");
        assertThat(item.getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_A");
        assertThat(item.getString(Tag.PatientName)).isEqualTo("NEWNAME^ANN");
        // nothing open under the prior patient any more: a second merge changes nothing
        List<String> before = rows();
        assertThat(bookings.mergePatient("OLD", "HOSP_A", adtPatient("NEW2", null, "X^Y", "19750505", "F"), "HL7")).isEmpty();
        assertThat(rows()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void mergePatient_failingInTheMiddle_leavesEveryRowAsItWas(String engine) {
        open(engine);
        book("M-OK", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.SCHEDULED);
        book("M-FAIL", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.SCHEDULED);
        failWhenTouched("M-FAIL"); // fails after the surviving patient was created and the procedures moved
        List<String> before = rows();
        clock.now = LATER;

        assertThatThrownBy(() -> bookings.mergePatient("OLD", "HOSP_A",
                adtPatient("NEW", "HOSP_A", "NEWNAME^ANN", "19750505", "F"), "HL7")).isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT)).contains("test_fail_m_fail"));
        assertThat(rows()).isEqualTo(before);
        assertThat(findByPatientId("NEW")).isEmpty();
        assertThat(findByPatientId("OLD")).containsExactly("M-FAIL OLDNAME^ANN", "M-OK OLDNAME^ANN");
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void mergePatient_survivorKnownUnderTwoIssuersAndNoneGiven_isRefusedAndChangesNothing(String engine) {
        open(engine);
        book("A1", "S1", "OLD", "HOSP_A", "OLDNAME^ANN", SpsStatus.SCHEDULED);
        book("A2", "S1", "NEW", "HOSP_A", "NEWNAME^ANN", SpsStatus.SCHEDULED);
        book("A3", "S1", "NEW", "HOSP_B", "NEWNAME^ANN", SpsStatus.SCHEDULED);
        List<String> before = rows();
        clock.now = LATER;
        assertThatThrownBy(() -> bookings.mergePatient("OLD", "HOSP_A", adtPatient("NEW", null, "X^Y", "19750505", "F"), "HL7"))
                .isInstanceOf(BookingException.class).hasMessageContaining("Issuer of Patient ID")
                .hasMessageContaining("2 issuers");
        assertThat(rows()).isEqualTo(before);
    }
}
