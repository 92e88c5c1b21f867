package org.mip.gateway.mwl.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.mwl.WorklistItems;

class ResponseBuilderTest {
    private final ResponseBuilder builder = new ResponseBuilder(new KeyMatcher(true, false));

    private static Attributes item(String name) {
        Attributes booked = new Attributes();
        booked.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        booked.setString(Tag.PatientName, VR.PN, name);
        booked.setString(Tag.PatientID, VR.LO, "P1");
        booked.setString(Tag.AccessionNumber, VR.SH, "A1");
        Attributes sps = booked.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setString(Tag.Modality, VR.CS, "MR");
        sps.setString(Tag.ScheduledProcedureStepID, VR.SH, "S1");
        WorklistItems.Parts p = WorklistItems.split(booked);
        return WorklistItems.merge(WorklistItems.toJson(p.patient()), WorklistItems.toJson(p.request()),
                WorklistItems.toJson(p.sps()), SpsStatus.SCHEDULED);
    }

    @Test
    void returnsExactlyTheRequestedKeys_absentOnesZeroLength() {
        Attributes id = new Attributes();
        id.setNull(Tag.PatientName, VR.PN);
        id.setNull(Tag.PatientBirthDate, VR.DA);
        Attributes sps = id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setNull(Tag.Modality, VR.CS);
        sps.setNull(Tag.ScheduledStationName, VR.SH);
        sps.setNull(Tag.ScheduledProcedureStepStatus, VR.CS);
        Attributes r = builder.build(id, item("DOE^JOHN"), "ISO_IR 100");
        assertThat(r.size()).isEqualTo(4); // SCS + 3 keys
        assertThat(r.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(r.getString(Tag.PatientName)).isEqualTo("DOE^JOHN");
        assertThat(r.contains(Tag.PatientBirthDate)).isTrue();
        assertThat(r.getVR(Tag.PatientBirthDate)).isEqualTo(VR.DA);
        assertThat(r.getString(Tag.PatientBirthDate)).isNull();
        Attributes rs = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(rs.size()).isEqualTo(3);
        assertThat(rs.getString(Tag.Modality)).isEqualTo("MR");
        assertThat(rs.getVR(Tag.ScheduledStationName)).isEqualTo(VR.SH);
        assertThat(rs.getString(Tag.ScheduledStationName)).isNull();
        assertThat(rs.getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");
    }

    @Test
    void nonAsciiData_isDeclaredUtf8() {
        Attributes id = new Attributes();
        id.setNull(Tag.PatientName, VR.PN);
        Attributes r = builder.build(id, item("MÜLLER^JÜRGEN"), "ISO_IR 100");
        assertThat(r.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(r.getString(Tag.PatientName)).isEqualTo("MÜLLER^JÜRGEN");
    }

    @Test
    void emptySequenceItem_returnsTheWholeStep() {
        Attributes id = new Attributes();
        id.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        Attributes r = builder.build(id, item("DOE"), "");
        assertThat(r.contains(Tag.SpecificCharacterSet)).isTrue();
        assertThat(r.getString(Tag.SpecificCharacterSet)).isNull();
        Attributes rs = r.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(rs.getString(Tag.ScheduledProcedureStepID)).isEqualTo("S1");
        assertThat(rs.getString(Tag.ScheduledProcedureStepStatus)).isEqualTo("SCHEDULED");
    }

    @Test
    void sequenceTheItemLacks_isReturnedEmpty() {
        Attributes id = new Attributes();
        id.newSequence(Tag.RequestedProcedureCodeSequence, 1).addItem().setNull(Tag.CodeValue, VR.SH);
        Attributes r = builder.build(id, item("DOE"), "");
        assertThat(r.getVR(Tag.RequestedProcedureCodeSequence)).isEqualTo(VR.SQ);
        assertThat(r.getSequence(Tag.RequestedProcedureCodeSequence)).isEmpty();
    }
}
