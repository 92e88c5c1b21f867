package org.mip.gateway.hl7.report;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.hl7.ControlIds;
import org.mip.gateway.hl7.Hl7Contexts;

class OruBuilderTest {
    private final HapiContext ctx = Hl7Contexts.newContext(new ControlIds());

    @AfterEach
    void close() throws Exception {
        ctx.close();
    }

    static Attributes order() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        a.setString(Tag.PatientID, VR.LO, "PAT001");
        a.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP_A");
        a.setString(Tag.PatientName, VR.PN, "Müller^Hans^^Dr");
        a.setString(Tag.PatientBirthDate, VR.DA, "19700102");
        a.setString(Tag.PatientSex, VR.CS, "M");
        a.setString(Tag.ReferringPhysicianName, VR.PN, "Referrer^Rita");
        Attributes referrerCode = a.newSequence(Tag.ReferringPhysicianIdentificationSequence, 1).addItem()
                .newSequence(Tag.PersonIdentificationCodeSequence, 1).addItem();
        referrerCode.setString(Tag.CodeValue, VR.SH, "C1234567");
        referrerCode.setString(Tag.CodingSchemeDesignator, VR.SH, "NHS_GMC");
        referrerCode.setString(Tag.CodeMeaning, VR.LO, "Referrer^Rita");
        a.setString(Tag.AdmissionID, VR.LO, "V0001");
        a.setString(Tag.PlacerOrderNumberImagingServiceRequest, VR.LO, "PLC-1");
        a.setString(Tag.FillerOrderNumberImagingServiceRequest, VR.LO, "FIL-1");
        a.setString(Tag.AccessionNumber, VR.SH, "ACC-1");
        a.setString(Tag.RequestedProcedureDescription, VR.LO, "MR Knee");
        Attributes code = a.newSequence(Tag.RequestedProcedureCodeSequence, 1).addItem();
        code.setString(Tag.CodeValue, VR.SH, "MRKNEE");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "LOCAL");
        code.setString(Tag.CodeMeaning, VR.LO, "MR Knee");
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1"})
    void build_eachVersion_carriesOrderAndReportFields(String version) throws Exception {
        String text = new OruBuilder(ctx, ZoneOffset.UTC).build(new OrderSummary(order(), "REF_A"), version, "REF_A",
                "HOSP_A", "CTRL0000000000000001",
                new OruBuilder.Report("F", "Findings: | tear ^ of & the ~ meniscus.\nImpression: urgent.", true, "House^Greg"),
                Instant.parse("2026-11-26T10:00:00Z"));
        Message m = ctx.getPipeParser().parse(text);
        assertThat(m.getVersion()).isEqualTo(version);
        Terser t = new Terser(m);
        assertThat(t.get("/MSH-9-1") + "^" + t.get("/MSH-9-2")).isEqualTo("ORU^R01");
        assertThat(t.get("/MSH-10")).isEqualTo("CTRL0000000000000001");
        assertThat(t.get("/MSH-12")).isEqualTo(version);
        assertThat(t.get("/MSH-18")).isEqualTo("UNICODE UTF-8");
        assertThat(t.get("/MSH-6")).isEqualTo("HOSP_A");
        assertThat(t.get("/.PID-3-1")).isEqualTo("PAT001");
        assertThat(t.get("/.PID-3-4")).isEqualTo("HOSP_A");
        assertThat(t.get("/.PID-5-1")).isEqualTo("Müller");
        assertThat(t.get("/.PID-5-2")).isEqualTo("Hans");
        assertThat(t.get("/.PID-5-5")).isEqualTo("Dr");
        assertThat(t.get("/.PID-7")).isEqualTo("19700102");
        assertThat(t.get("/.PID-8")).isEqualTo("M");
        assertThat(t.get("/.PV1-8-1")).isEqualTo("C1234567");
        assertThat(t.get("/.PV1-8-2")).isEqualTo("Referrer");
        assertThat(t.get("/.PV1-8-3")).isEqualTo("Rita");
        assertThat(t.get("/.PV1-8-9-1")).isEqualTo("NHS_GMC");
        assertThat(t.get("/.PV1-19-1")).isEqualTo("V0001");
        assertThat(t.get("/.ORC-2")).isEqualTo("PLC-1");
        assertThat(t.get("/.ORC-3")).isEqualTo("FIL-1");
        assertThat(t.get("/.OBR-2")).isEqualTo("PLC-1");
        assertThat(t.get("/.OBR-3")).isEqualTo("FIL-1");
        assertThat(t.get("/.OBR-4-1")).isEqualTo("MRKNEE");
        assertThat(t.get("/.OBR-4-2")).isEqualTo("MR Knee");
        assertThat(t.get("/.OBR-18")).isEqualTo("ACC-1");
        assertThat(t.get("/.OBR-25")).isEqualTo("F");
        assertThat(t.get("/.OBR-32-1-2")).isEqualTo("House");
        assertThat(t.get("/.OBR-32-1-3")).isEqualTo("Greg");
        OruBuilder.Paths p = OruBuilder.Paths.of(version);
        assertThat(t.get(p.observation(0) + "/OBX-5")).isEqualTo("Findings: | tear ^ of & the ~ meniscus.");
        assertThat(t.get(p.observation(1) + "/OBX-5")).isEqualTo("Impression: urgent.");
        assertThat(t.get(p.observation(1) + "/OBX-8")).isEqualTo("AA");
        assertThat(t.get(p.observation(1) + "/OBX-11")).isEqualTo("F");
        assertThat(t.get(p.observation(0) + "/OBX-2")).isEqualTo("TX");
        assertThat(text.split("\r")[0]).startsWith("MSH|^~\\&|MIPGW|MIPGW|REF_A|HOSP_A|");
    }

    private String build(Attributes order, String version) throws Exception {
        return new OruBuilder(ctx, ZoneOffset.UTC).build(new OrderSummary(order, "REF_A"), version, "REF_A", "HOSP_A",
                "CTRL0000000000000002", new OruBuilder.Report("P", "text", false, "House^Greg"),
                Instant.parse("2026-11-26T10:00:00Z"));
    }

    private static String segment(String message, String name) {
        return java.util.Arrays.stream(message.split("\r")).filter(s -> s.startsWith(name + "|")).findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1"})
    void build_pv1_isTheOrdersReferringDoctorAndVisit(String version) throws Exception {
        // PV1-1 set ID, PV1-2 patient class U (the MWL item has none), PV1-8 XCN ID^family^given^middle^suffix^prefix
        // with XCN.9 assigning authority, PV1-19 visit number (HL7 v2.5.1 3.4.3)
        assertThat(segment(build(order(), version), "PV1"))
                .isEqualTo("PV1|1|U||||||C1234567^Referrer^Rita^^^^^^NHS_GMC|||||||||||V0001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.5.1"})
    void build_pv1_withoutReferringDoctorOrVisit_hasOnlyTheRequiredFields(String version) throws Exception {
        Attributes order = order();
        order.remove(Tag.ReferringPhysicianName);
        order.remove(Tag.ReferringPhysicianIdentificationSequence);
        order.remove(Tag.AdmissionID);
        assertThat(segment(build(order, version), "PV1")).isEqualTo("PV1|1|U");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.4"})
    void build_pv1_nameWithoutIdNumber_andLocalScheme_leaveXcn1And9Empty(String version) throws Exception {
        Attributes order = order();
        order.getNestedDataset(Tag.ReferringPhysicianIdentificationSequence).remove(Tag.PersonIdentificationCodeSequence);
        assertThat(segment(build(order, version), "PV1")).isEqualTo("PV1|1|U||||||^Referrer^Rita|||||||||||V0001");
        order.getNestedDataset(Tag.ReferringPhysicianIdentificationSequence)
                .newSequence(Tag.PersonIdentificationCodeSequence, 1).addItem()
                .setString(Tag.CodeValue, VR.SH, "X9").setString(Tag.CodingSchemeDesignator, VR.SH, "L");
        assertThat(segment(build(order, version), "PV1")).isEqualTo("PV1|1|U||||||X9^Referrer^Rita|||||||||||V0001");
    }
}
