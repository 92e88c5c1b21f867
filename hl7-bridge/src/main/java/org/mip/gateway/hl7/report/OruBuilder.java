package org.mip.gateway.hl7.report;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.hl7.Hl7Receiver;

/**
 * Builds ORU^R01 (HL7 v2.5.1 7.3.1, unsolicited observation) in the referrer's version from the order's
 * MWL item: PID and PV1 (PV1-8 referring doctor, PV1-19 visit number) from the order, ORC-2/OBR-2 and ORC-3/OBR-3 placer and filler order numbers,
 * OBR-4 the requested procedure, OBR-18 the accession number, OBR-25 and OBX-11 the result status,
 * OBR-32 the reporting radiologist, one OBX (TX) per line of report text, OBX-8 {@code AA} (critically
 * abnormal, HL7 Table 0078) for urgent findings.
 */
public final class OruBuilder {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** LOINC 18782-3, radiology study observation (narrative). */
    private static final String[] REPORT_TEXT_CODE = {"18782-3", "Radiology Study observation", "LN"};

    private final HapiContext context;
    private final ZoneId zone;

    public OruBuilder(HapiContext context, ZoneId zone) {
        this.context = context;
        this.zone = zone;
    }

    /** The report to build. {@code radiologist} as "FAMILY^GIVEN"; {@code status} P, F or C. */
    public record Report(String status, String text, boolean urgent, String radiologist) {}

    public String build(OrderSummary order, String version, String receivingApplication, String receivingFacility,
            String controlId, Report report, Instant now) throws HL7Exception {
        if (!Hl7Receiver.SUPPORTED_VERSIONS.contains(version)) {
            throw new IllegalArgumentException("unsupported HL7 version for ORU: " + version);
        }
        Message m = context.newMessage("ORU", "R01", Version.versionOf(version));
        Terser t = new Terser(m);
        boolean v23 = version.startsWith("2.3");
        Paths paths = Paths.of(version);
        String ts = TS.format(now.atZone(zone));
        Attributes item = order.item();

        t.set("/MSH-1", "|");
        t.set("/MSH-2", "^~\\&");
        t.set("/MSH-3", "MIPGW");
        t.set("/MSH-4", "MIPGW");
        t.set("/MSH-5", receivingApplication);
        t.set("/MSH-6", receivingFacility);
        t.set("/MSH-7", ts);
        t.set("/MSH-9-1", "ORU");
        t.set("/MSH-9-2", "R01");
        if (!v23) {
            t.set("/MSH-9-3", "ORU_R01"); // message structure, HL7 v2.4 2.16.9.9
        }
        t.set("/MSH-10", controlId);
        t.set("/MSH-11", "P");
        t.set("/MSH-12", version);

        String pid = paths.patient() + "/PID";
        t.set(pid + "-1", "1");
        t.set(pid + "-3-1", item.getString(Tag.PatientID, ""));
        t.set(pid + "-3-4", item.getString(Tag.IssuerOfPatientID, ""));
        xpn(t, pid + "-5", item.getPersonName(Tag.PatientName));
        t.set(pid + "-7", item.getString(Tag.PatientBirthDate, ""));
        String sex = item.getString(Tag.PatientSex, "");
        t.set(pid + "-8", sex.isEmpty() ? "U" : sex);

        // PV1 (HL7 v2.5.1 3.4.3) from the order as the worklist keeps it: PV1-8 referring doctor (name, and
        // ID number with assigning authority when the order carried them), PV1-19 visit number.
        String pv1 = paths.visit() + "/PV1";
        t.set(pv1 + "-1", "1");
        // PV1-2 is required; the MWL item has no patient class, so: U, unknown (HL7 Table 0004)
        t.set(pv1 + "-2", "U");
        xcn(t, pv1 + "-8", item.getPersonName(Tag.ReferringPhysicianName));
        Attributes person = item.getNestedDataset(Tag.ReferringPhysicianIdentificationSequence);
        Attributes personCode = person == null ? null : person.getNestedDataset(Tag.PersonIdentificationCodeSequence);
        if (personCode != null) {
            t.set(pv1 + "-8-1", personCode.getString(Tag.CodeValue, personCode.getString(Tag.LongCodeValue, "")));
            String authority = personCode.getString(Tag.CodingSchemeDesignator, "");
            if (!authority.isEmpty() && !authority.equals("L")) {
                t.set(pv1 + "-8-9-1", authority); // XCN.9 assigning authority, HD.1 namespace ID
            }
        }
        t.set(pv1 + "-19-1", item.getString(Tag.AdmissionID, ""));

        String placer = item.getString(Tag.PlacerOrderNumberImagingServiceRequest, "");
        String filler = item.getString(Tag.FillerOrderNumberImagingServiceRequest, "");
        String orc = paths.order() + "/ORC";
        t.set(orc + "-1", "RE"); // observations to follow (HL7 Table 0119)
        t.set(orc + "-2", placer);
        t.set(orc + "-3", filler);

        String obr = paths.order() + "/OBR";
        t.set(obr + "-1", "1");
        t.set(obr + "-2", placer);
        t.set(obr + "-3", filler);
        Sequence codes = item.getSequence(Tag.RequestedProcedureCodeSequence);
        String description = item.getString(Tag.RequestedProcedureDescription, "");
        if (codes != null && !codes.isEmpty()) {
            Attributes code = codes.get(0);
            t.set(obr + "-4-1", code.getString(Tag.CodeValue, ""));
            t.set(obr + "-4-2", code.getString(Tag.CodeMeaning, description));
            t.set(obr + "-4-3", code.getString(Tag.CodingSchemeDesignator, ""));
        } else {
            t.set(obr + "-4-2", description);
        }
        t.set(obr + "-18", item.getString(Tag.AccessionNumber, ""));
        t.set(obr + "-22", ts);
        t.set(obr + "-25", report.status());
        PersonName radiologist = PersonName.parse(report.radiologist() == null ? "" : report.radiologist());
        t.set(obr + "-32-1-2", radiologist.alphabetic().familyName());
        t.set(obr + "-32-1-3", radiologist.alphabetic().givenName());
        t.set(obr + "-32-1-4", radiologist.alphabetic().middleName());

        List<String> lines = report.text().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String obx = paths.observation(i) + "/OBX";
            t.set(obx + "-1", String.valueOf(i + 1));
            t.set(obx + "-2", "TX");
            t.set(obx + "-3-1", REPORT_TEXT_CODE[0]);
            t.set(obx + "-3-2", REPORT_TEXT_CODE[1]);
            t.set(obx + "-3-3", REPORT_TEXT_CODE[2]);
            t.set(obx + "-4", "1");
            t.set(obx + "-5", lines.get(i));
            if (report.urgent()) {
                t.set(obx + "-8", "AA");
            }
            t.set(obx + "-11", report.status());
        }
        String encoded = m.encode();
        if (!encoded.chars().allMatch(c -> c < 0x80)) {
            // sent as UTF-8 (HL7 v2.5.1 2.14.9.18, Table 0211)
            t.set("/MSH-18", "UNICODE UTF-8");
            encoded = m.encode();
        }
        return encoded;
    }

    /** Terser paths of the ORU^R01 groups; HAPI names the v2.3.1 groups after their segments. */
    record Paths(String patient, String visit, String order, String observation) {
        static Paths of(String version) {
            return switch (version) {
                case "2.3" -> new Paths("/RESPONSE/PATIENT", "/RESPONSE/PATIENT/VISIT", "/RESPONSE/ORDER_OBSERVATION",
                        "/RESPONSE/ORDER_OBSERVATION/OBSERVATION");
                case "2.3.1" -> new Paths("/PIDPD1NK1NTEPV1PV2ORCOBRNTEOBXNTECTI/PIDPD1NK1NTEPV1PV2",
                        "/PIDPD1NK1NTEPV1PV2ORCOBRNTEOBXNTECTI/PIDPD1NK1NTEPV1PV2/PV1PV2",
                        "/PIDPD1NK1NTEPV1PV2ORCOBRNTEOBXNTECTI/ORCOBRNTEOBXNTECTI",
                        "/PIDPD1NK1NTEPV1PV2ORCOBRNTEOBXNTECTI/ORCOBRNTEOBXNTECTI/OBXNTE");
                default -> new Paths("/PATIENT_RESULT/PATIENT", "/PATIENT_RESULT/PATIENT/VISIT",
                        "/PATIENT_RESULT/ORDER_OBSERVATION", "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION");
            };
        }

        String observation(int repetition) {
            return observation + "(" + repetition + ")";
        }
    }

    /** PN family^given^middle^prefix^suffix to XPN family^given^middle^suffix^prefix. */
    private static void xpn(Terser t, String path, PersonName pn) throws HL7Exception {
        if (pn == null) {
            return;
        }
        PersonName.Group g = pn.alphabetic();
        t.set(path + "-1", g.familyName());
        t.set(path + "-2", g.givenName());
        t.set(path + "-3", g.middleName());
        t.set(path + "-4", g.nameSuffix());
        t.set(path + "-5", g.namePrefix());
    }

    /** PN to XCN ^family^given^middle^suffix^prefix. */
    private static void xcn(Terser t, String path, PersonName pn) throws HL7Exception {
        if (pn == null || pn.isEmpty()) {
            return;
        }
        PersonName.Group g = pn.alphabetic();
        t.set(path + "-2", g.familyName());
        t.set(path + "-3", g.givenName());
        t.set(path + "-4", g.middleName());
        t.set(path + "-5", g.nameSuffix());
        t.set(path + "-6", g.namePrefix());
    }
}
