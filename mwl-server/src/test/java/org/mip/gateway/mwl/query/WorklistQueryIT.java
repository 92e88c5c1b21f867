package org.mip.gateway.mwl.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.MwlFixture;

/** Every matching type of PS3.4 C.2.2.2 on the K.6 keys, on H2 and PostgreSQL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorklistQueryIT {
    @TempDir
    Path tmp;

    private MwlFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private void book(String engine) {
        f = new MwlFixture(engine, tmp);
        Attributes a100 = MwlFixture.item("A100", "S1", "P1", "Müller^Jürgen", "MR", "20261126", "0800", "MRI_1");
        a100.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        a100.setString(Tag.PatientName, VR.PN, "Müller^Jürgen"); // re-encoded in Latin-1
        f.bookings.book(a100, null, "test");
        f.bookings.book(MwlFixture.item("A100", "S2", "P1", "Müller^Jürgen", "MR", "20261126", "0900"), null, "test");
        Attributes a101 = MwlFixture.item("A101", "S1", "P2", "SMITH^JOHN", "MR", "20261126", "1400", "MRI_1", "MRI_2");
        a101.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.1");
        a101.setString(Tag.RequestedProcedureDescription, VR.LO, "MRI HEAD");
        a101.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        f.bookings.book(a101, null, "test");
        Attributes a102 = MwlFixture.item("A102", "S1", "P3", "Smith^Anna", "CT", "20261127", "0930", "CT_1");
        a102.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.2");
        f.bookings.book(a102, null, "test");
        f.bookings.book(MwlFixture.item("A103", "S1", "P4", "SMYTHE^JOHN", "US", "20261127", null, "US_1"), null, "test");
        long cancelled = f.bookings.book(MwlFixture.item("A104", "S1", "P5", "DOE^JANE", "MR", "20261125", "2300", "MRI_2"),
                null, "test").booking().id();
        f.bookings.cancel(cancelled, "test");
        f.bookings.book(MwlFixture.item("A1%_5", "S1", "P6", "ROE^RICHARD", "CR", "20261124", "1000", "CR_1"), null, "test");
    }

    /** The "accession/sps" of each response of a query that returns both keys. */
    private List<String> ids(Attributes id, QueryOptions options) {
        if (!id.contains(Tag.AccessionNumber)) {
            id.setNull(Tag.AccessionNumber, VR.SH);
        }
        Attributes sps = id.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        if (sps == null) {
            sps = id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        }
        if (!sps.contains(Tag.ScheduledProcedureStepID)) {
            sps.setNull(Tag.ScheduledProcedureStepID, VR.SH);
        }
        return f.find(id, options).stream().map(r -> r.getString(Tag.AccessionNumber) + "/"
                + r.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID)).sorted().toList();
    }

    private List<String> ids(Attributes id) {
        return ids(id, QueryOptions.DEFAULT);
    }

    private static Attributes key(int tag, VR vr, String... v) {
        return new Attributes().setString(tag, vr, v);
    }

    private static Attributes spsKey(int tag, VR vr, String... v) {
        Attributes id = new Attributes();
        id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem().setString(tag, vr, v);
        return id;
    }

    private static Attributes dateTime(String date, String time) {
        Attributes id = new Attributes();
        Attributes sps = id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, date);
        sps.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, time);
        return id;
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void universalMatching_returnsEveryScheduledStep_notDiscontinuedOnes(String engine) {
        book(engine);
        assertThat(ids(new Attributes().setNull(Tag.PatientName, VR.PN)))
                .containsExactlyInAnyOrder("A100/S1", "A100/S2", "A101/S1", "A102/S1", "A103/S1", "A1%_5/S1");
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void singleValueAndWildcardMatching(String engine) {
        book(engine);
        assertThat(ids(key(Tag.PatientID, VR.LO, "P2"))).containsExactly("A101/S1");
        assertThat(ids(key(Tag.PatientID, VR.LO, "p2"))).isEmpty(); // LO is case-sensitive (C.2.2.2.1)
        assertThat(ids(key(Tag.AccessionNumber, VR.SH, "A1%*"))).containsExactly("A1%_5/S1"); // % is literal
        assertThat(ids(key(Tag.AccessionNumber, VR.SH, "A1?_5"))).containsExactly("A1%_5/S1");
        assertThat(ids(key(Tag.AccessionNumber, VR.SH, "A10?"))).containsExactly("A100/S1", "A100/S2", "A101/S1", "A102/S1", "A103/S1");
        assertThat(ids(spsKey(Tag.Modality, VR.CS, "mr"))).isEmpty();
        assertThat(ids(key(Tag.RequestedProcedureDescription, VR.LO, "MRI*"))).containsExactly("A101/S1"); // Java residual
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void personNameMatching_perComponent_caseInsensitiveWithSwitch(String engine) {
        book(engine);
        assertThat(ids(key(Tag.PatientName, VR.PN, "smi*"))).containsExactly("A101/S1", "A102/S1");
        assertThat(ids(key(Tag.PatientName, VR.PN, "SM?TH*"))).containsExactly("A101/S1", "A102/S1", "A103/S1");
        assertThat(ids(key(Tag.PatientName, VR.PN, "*^JOHN"))).containsExactly("A101/S1", "A103/S1");
        assertThat(ids(key(Tag.PatientName, VR.PN, "smith^john"))).containsExactly("A101/S1");
        assertThat(ids(key(Tag.PatientName, VR.PN, "müller"))).containsExactly("A100/S1", "A100/S2");
        QueryOptions caseSensitive = new QueryOptions(false, false, 10);
        assertThat(ids(key(Tag.PatientName, VR.PN, "Smi*"), caseSensitive)).containsExactly("A102/S1");
        assertThat(ids(key(Tag.PatientName, VR.PN, "Müller"), caseSensitive)).containsExactly("A100/S1", "A100/S2");
        assertThat(ids(key(Tag.PatientName, VR.PN, "MÜLLER"), caseSensitive)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void dateAndTimeRangeMatching(String engine) {
        book(engine);
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261126-")))
                .containsExactly("A100/S1", "A100/S2", "A101/S1", "A102/S1", "A103/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStartDate, VR.DA, "-20261126")))
                .containsExactlyInAnyOrder("A100/S1", "A100/S2", "A101/S1", "A1%_5/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261127"))).containsExactly("A102/S1", "A103/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStartTime, VR.TM, "0830-1000")))
                .containsExactlyInAnyOrder("A1%_5/S1", "A100/S2", "A102/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStartTime, VR.TM, "-0800"))).containsExactly("A100/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStartTime, VR.TM, "0900"))).containsExactly("A100/S2");
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void combinedDateTimeRange_C_2_2_2_5_1(String engine) {
        book(engine);
        // separately: dates 26th-27th and times 08:30-10:00 on any day
        assertThat(ids(dateTime("20261126-20261127", "0830-1000"))).containsExactly("A100/S2", "A102/S1");
        // combined: from 26th 08:30 to 27th 10:00; A103 has no time and counts as 27th 00:00
        assertThat(ids(dateTime("20261126-20261127", "0830-1000"), QueryOptions.DEFAULT.withCombinedDateTimeMatching(true)))
                .containsExactly("A100/S2", "A101/S1", "A102/S1", "A103/S1");
        assertThat(ids(dateTime("-20261126", "0830-"), QueryOptions.DEFAULT.withCombinedDateTimeMatching(true)))
                .containsExactlyInAnyOrder("A100/S1", "A100/S2", "A101/S1", "A1%_5/S1");
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void listOfUidMatching(String engine) {
        book(engine);
        assertThat(ids(key(Tag.StudyInstanceUID, VR.UI, "1.2.826.1", "1.2.826.2", "9.9"))).containsExactly("A101/S1", "A102/S1");
        assertThat(ids(key(Tag.StudyInstanceUID, VR.UI, "1.2.826"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void sequenceMatching_onTheScheduledStep_andStatus(String engine) {
        book(engine);
        assertThat(ids(spsKey(Tag.Modality, VR.CS, "MR"))).containsExactly("A100/S1", "A100/S2", "A101/S1");
        assertThat(ids(spsKey(Tag.ScheduledStationAETitle, VR.AE, "MRI_2"))).containsExactly("A101/S1");
        assertThat(ids(spsKey(Tag.ScheduledStationAETitle, VR.AE, "MRI_1"))).containsExactly("A100/S1", "A100/S2", "A101/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStatus, VR.CS, "DISCONTINUED"))).containsExactly("A104/S1");
        assertThat(ids(spsKey(Tag.ScheduledProcedureStepStatus, VR.CS, "*"))).hasSize(6);
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void responses_carryExactlyTheRequestedKeys_andTheirCharacterSet(String engine) {
        book(engine);
        Attributes id = new Attributes();
        id.setNull(Tag.PatientName, VR.PN);
        id.setNull(Tag.PatientBirthDate, VR.DA);
        id.setString(Tag.PatientID, VR.LO, "P1", "P2", "P4");
        Attributes sps = id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setNull(Tag.ScheduledStationAETitle, VR.AE);
        sps.setNull(Tag.ScheduledProcedureStepStatus, VR.CS);
        sps.setNull(Tag.ScheduledPerformingPhysicianName, VR.PN);
        sps.setString(Tag.ScheduledProcedureStepID, VR.SH, "S1");
        List<Attributes> rs = f.find(id);
        assertThat(rs).extracting(r -> r.getString(Tag.PatientID)).containsExactly("P1", "P2", "P4");
        for (Attributes r : rs) {
            assertThat(tags(r)).containsExactly(Tag.SpecificCharacterSet, Tag.PatientName, Tag.PatientID,
                    Tag.PatientBirthDate, Tag.ScheduledProcedureStepSequence);
            assertThat(r.getString(Tag.PatientBirthDate)).isNull();
            Attributes rsps = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
            assertThat(tags(rsps)).containsExactly(Tag.ScheduledStationAETitle, Tag.ScheduledPerformingPhysicianName,
                    Tag.ScheduledProcedureStepID, Tag.ScheduledProcedureStepStatus);
            assertThat(rsps.getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");
            assertThat(rsps.getVR(Tag.ScheduledPerformingPhysicianName)).isEqualTo(VR.PN);
        }
        assertThat(rs.get(0).getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(rs.get(0).getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(rs.get(1).getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(rs.get(1).getNestedDataset(Tag.ScheduledProcedureStepSequence).getStrings(Tag.ScheduledStationAETitle))
                .containsExactly("MRI_1", "MRI_2");
        assertThat(rs.get(2).contains(Tag.SpecificCharacterSet)).isTrue();
        assertThat(rs.get(2).getString(Tag.SpecificCharacterSet)).isNull(); // default repertoire
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void cursor_streamsAndStopsOnCancel(String engine) {
        book(engine);
        try (WorklistCursor c = f.query.find(new Attributes().setNull(Tag.PatientName, VR.PN),
                new QueryOptions(true, false, 1))) {
            assertThat(c.hasNext()).isTrue();
            c.next();
            c.cancel();
            assertThat(c.hasNext()).isFalse();
            assertThat(c.returned()).isEqualTo(1);
        }
        // the connection went back to the pool: the next query still works
        assertThat(ids(new Attributes().setNull(Tag.PatientName, VR.PN))).hasSize(6);
    }

    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void malformedKey_isRefusedBeforeTouchingTheDatabase(String engine) {
        book(engine);
        assertThatThrownBy(() -> f.find(spsKey(Tag.ScheduledProcedureStepStartTime, VR.TM, "25-")))
                .isInstanceOf(InvalidQueryException.class);
    }

    private static List<Integer> tags(Attributes a) {
        Integer[] t = new Integer[a.size()];
        for (int i = 0; i < a.size(); i++) {
            t[i] = a.tagAt(i);
        }
        return List.of(t);
    }
}
