package org.mip.gateway.hl7.order;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.hl7.Hl7Charsets.Hl7Charset;

/**
 * Order and ADT messages to MWL item attributes: the mapping table of CONTRACT.md ("Order → worklist
 * item"), after IHE RAD TF-2 4.4 (RAD-4 Procedure Scheduled) and 4.13 (RAD-13 Procedure Update) and
 * their HL7 v2.5.1 form with the IPC segment (IHE RAD TF-2 Appendix B, OMI^O23). A pure function of the
 * message: nothing is stored here.
 *
 * <p>Where the order has no IPC segment (ORM^O01, v2.3-2.4), OBR-18/19/20/24 and ZDS-1 carry the
 * accession, requested procedure, step, modality and study. A missing Requested Procedure ID defaults
 * to the accession number, a missing SPS ID to the Requested Procedure ID (so the item key stays the
 * same across new, change and cancel). A missing Study Instance UID is derived from the sending facility
 * and accession number, so every message of one order names the same study.
 */
public final class OrderMapper {
    private final MwlConfig mwl;

    public OrderMapper(MwlConfig mwl) {
        this.mwl = mwl;
    }

    /** One ORC with its TQ1, OBR, IPCs and ZDS. */
    private static final class OrderGroup {
        Segment orc;
        Segment tq1;
        Segment obr;
        Segment zds;
        final List<Segment> ipcs = new ArrayList<>();
    }

    /** The worklist items an ORM^O01 or OMI^O23 asks for, one per order (ORC/OBR), or per IPC when present. */
    public List<OrderRequest> orders(Message message, Hl7Charset charset) throws HL7Exception {
        List<Segment> segments = Segments.all(message);
        Segment msh = Segments.first(segments, "MSH");
        String facility = Segments.get(msh, 4);
        Segment pid = Segments.first(segments, "PID");
        Segment pv1 = Segments.first(segments, "PV1");
        List<OrderGroup> groups = groups(segments);
        if (groups.isEmpty()) {
            throw Segments.missing("ORC", 1, "order control; no order in the message");
        }
        List<OrderRequest> out = new ArrayList<>();
        for (OrderGroup g : groups) {
            OrderAction action = action(g.orc);
            boolean full = action == OrderAction.NEW || action == OrderAction.UPDATE;
            if (g.obr == null) {
                throw Segments.missing("OBR", 4, "universal service ID; the order has no OBR segment");
            }
            List<Segment> steps = g.ipcs.isEmpty() ? java.util.Collections.singletonList(null) : g.ipcs;
            for (Segment ipc : steps) {
                Attributes item = newItem(charset);
                patient(item, pid, full);
                PersonName referring = xcn(pv1, 8);
                if (!referring.isEmpty()) {
                    item.setPersonName(Tag.ReferringPhysicianName, referring);
                }
                referringId(item, pv1, referring);
                // PV1-19 visit number (CX.1) -> Admission ID, as IHE RAD TF-2 Appendix B maps it
                setIfPresent(item, Tag.AdmissionID, VR.LO, Segments.get(pv1, 19, 1));
                String placer = firstNonEmpty(Segments.get(g.orc, 2), Segments.get(g.obr, 2));
                String filler = firstNonEmpty(Segments.get(g.orc, 3), Segments.get(g.obr, 3));
                setIfPresent(item, Tag.PlacerOrderNumberImagingServiceRequest, VR.LO, placer);
                setIfPresent(item, Tag.FillerOrderNumberImagingServiceRequest, VR.LO, filler);

                String accession = ipc != null ? Segments.get(ipc, 1) : Segments.get(g.obr, 18);
                if (accession.isEmpty()) {
                    throw ipc != null ? Segments.missing("IPC", 1, "accession identifier")
                            : Segments.missing("OBR", 18, "placer field 1: accession number");
                }
                String requestedProcedureId = firstNonEmpty(ipc != null ? Segments.get(ipc, 2) : Segments.get(g.obr, 19), accession);
                String explicitSpsId = ipc != null ? Segments.get(ipc, 4) : Segments.get(g.obr, 20);
                String spsId = firstNonEmpty(explicitSpsId, requestedProcedureId);
                String studyUid = firstNonEmpty(ipc != null ? Segments.get(ipc, 3) : "", Segments.get(g.zds, 1));
                if (studyUid.isEmpty()) {
                    studyUid = derivedStudyUid(facility, accession);
                } else if (!studyUid.matches("[0-9]+(\\.[0-9]+)*") || studyUid.length() > 64) {
                    throw ipc != null ? Segments.invalid("IPC", 3, "study instance UID", "not a DICOM UID")
                            : Segments.invalid("ZDS", 1, "study instance UID", "not a DICOM UID");
                }
                item.setString(Tag.AccessionNumber, VR.SH, accession);
                item.setString(Tag.RequestedProcedureID, VR.SH, requestedProcedureId);
                item.setString(Tag.StudyInstanceUID, VR.UI, studyUid);

                String code = Segments.get(g.obr, 4, 1);
                String meaning = Segments.get(g.obr, 4, 2);
                String scheme = Segments.get(g.obr, 4, 3);
                String description = firstNonEmpty(meaning, code);
                if (full && description.isEmpty()) {
                    throw Segments.missing("OBR", 4, "universal service ID");
                }
                setIfPresent(item, Tag.RequestedProcedureDescription, VR.LO, description);
                if (!code.isEmpty()) {
                    Attributes codeItem = item.newSequence(Tag.RequestedProcedureCodeSequence, 1).addItem();
                    codeItem.setString(Tag.CodeValue, VR.SH, code);
                    codeItem.setString(Tag.CodingSchemeDesignator, VR.SH, scheme.isEmpty() ? "L" : scheme);
                    codeItem.setString(Tag.CodeMeaning, VR.LO, description);
                }
                String priority = priority(firstNonEmpty(Segments.get(g.orc, 7, 6), Segments.get(g.tq1, 9)));
                setIfPresent(item, Tag.RequestedProcedurePriority, VR.SH, priority);

                Sequence spsSeq = item.newSequence(Tag.ScheduledProcedureStepSequence, 1);
                Attributes sps = spsSeq.addItem();
                String modality = (ipc != null ? Segments.get(ipc, 5) : Segments.get(g.obr, 24)).toUpperCase(Locale.ROOT);
                if (full && modality.isEmpty()) {
                    throw ipc != null ? Segments.missing("IPC", 5, "modality")
                            : Segments.missing("OBR", 24, "diagnostic service section ID: modality");
                }
                String station = ipc != null ? Segments.get(ipc, 9) : "";
                if (station.isEmpty() && !modality.isEmpty()) {
                    station = mwl.stationFor(modality).map(MwlConfig.Station::aet).orElse("");
                }
                setIfPresent(sps, Tag.ScheduledStationAETitle, VR.AE, station);
                start(sps, g, full);
                setIfPresent(sps, Tag.Modality, VR.CS, modality);
                PersonName performer = technician(g.obr);
                if (!performer.isEmpty()) {
                    sps.setPersonName(Tag.ScheduledPerformingPhysicianName, performer);
                }
                setIfPresent(sps, Tag.ScheduledProcedureStepDescription, VR.LO, description);
                sps.setString(Tag.ScheduledProcedureStepID, VR.SH, spsId);
                // A cancel without an SPS ID cancels every step of the accession.
                out.add(new OrderRequest(action, accession, full || !explicitSpsId.isEmpty() ? spsId : null, item, facility));
            }
        }
        return out;
    }

    /** The demographics of an ADT^A08, or of an ADT^A40 with the prior patient of MRG-1. */
    public PatientUpdate patient(Message message, Hl7Charset charset) throws HL7Exception {
        List<Segment> segments = Segments.all(message);
        String facility = Segments.get(Segments.first(segments, "MSH"), 4);
        Attributes patient = newItem(charset);
        patient(patient, Segments.first(segments, "PID"), false);
        Segment mrg = Segments.first(segments, "MRG");
        if (mrg == null) {
            return new PatientUpdate(patient, null, null, facility);
        }
        String prior = Segments.get(mrg, 1, 1);
        if (prior.isEmpty()) {
            throw Segments.missing("MRG", 1, "prior patient identifier list");
        }
        return new PatientUpdate(patient, prior, Segments.get(mrg, 1, 4), facility);
    }

    private static Attributes newItem(Hl7Charset charset) {
        Attributes item = new Attributes();
        if (charset != null && charset.dicomTerm() != null) {
            item.setString(Tag.SpecificCharacterSet, VR.CS, charset.dicomTerm());
        }
        return item;
    }

    private static List<OrderGroup> groups(List<Segment> segments) {
        List<OrderGroup> groups = new ArrayList<>();
        OrderGroup current = null;
        for (Segment s : segments) {
            switch (s.getName()) {
                case "ORC" -> {
                    current = new OrderGroup();
                    current.orc = s;
                    groups.add(current);
                }
                case "OBR" -> {
                    if (current == null || current.obr != null) {
                        OrderGroup g = new OrderGroup();
                        g.orc = current == null ? null : current.orc;
                        current = g;
                        groups.add(current);
                    }
                    current.obr = s;
                }
                case "TQ1" -> {
                    if (current != null && current.tq1 == null) {
                        current.tq1 = s;
                    }
                }
                case "IPC" -> {
                    if (current != null) {
                        current.ipcs.add(s);
                    }
                }
                case "ZDS" -> {
                    if (current != null) {
                        current.zds = s;
                    }
                }
                default -> { }
            }
        }
        return groups;
    }

    /** ORC-1 order control, ORC-5 order status (HL7 v2.5.1 Tables 0119 and 0038). */
    static OrderAction action(Segment orc) throws HL7Exception {
        String control = Segments.get(orc, 1).toUpperCase(Locale.ROOT);
        String status = Segments.get(orc, 5).toUpperCase(Locale.ROOT);
        return switch (control) {
            case "" -> throw Segments.missing("ORC", 1, "order control");
            case "NW" -> OrderAction.NEW;
            case "XO", "XX", "SC", "SN" -> switch (status) {
                case "CA" -> OrderAction.CANCEL;
                case "DC" -> OrderAction.DISCONTINUE;
                default -> OrderAction.UPDATE;
            };
            case "CA", "OC", "CR" -> OrderAction.CANCEL;
            case "DC", "OD", "DR" -> OrderAction.DISCONTINUE;
            default -> throw Segments.notInTable("ORC", 1, "order control", control);
        };
    }

    /** PID-3.1/PID-3.4, PID-5, PID-7, PID-8. */
    private static void patient(Attributes item, Segment pid, boolean nameRequired) throws HL7Exception {
        if (pid == null) {
            throw Segments.missing("PID", 3, "patient identifier list; the message has no PID segment");
        }
        String id = Segments.get(pid, 3, 1);
        if (id.isEmpty()) {
            throw Segments.missing("PID", 3, "patient identifier list");
        }
        item.setString(Tag.PatientID, VR.LO, id);
        setIfPresent(item, Tag.IssuerOfPatientID, VR.LO, Segments.get(pid, 3, 4, 1));
        // XPN: family^given^middle^suffix^prefix (HL7 v2.5.1 2A.3.88); PN: family^given^middle^prefix^suffix.
        PersonName name = new PersonName(new PersonName.Group(Segments.get(pid, 5, 1, 1), Segments.get(pid, 5, 2),
                Segments.get(pid, 5, 3), Segments.get(pid, 5, 5), Segments.get(pid, 5, 4)), null, null);
        if (name.isEmpty() && nameRequired) {
            throw Segments.missing("PID", 5, "patient name");
        }
        item.setPersonName(Tag.PatientName, name);
        String birth = Segments.get(pid, 7, 1);
        Hl7Time birthTime;
        try {
            birthTime = Hl7Time.parse(birth);
        } catch (DateTimeException e) {
            throw Segments.invalid("PID", 7, "date/time of birth", "'" + birth + "' is not a date (YYYYMMDD)");
        }
        if (birthTime != null && birthTime.date() != null) {
            item.setDate(Tag.PatientBirthDate, birthTime.date());
        } else {
            item.setNull(Tag.PatientBirthDate, VR.DA);
        }
        String sex = Segments.get(pid, 8).toUpperCase(Locale.ROOT);
        // HL7 Table 0001 M, F, O, U, A, N; DICOM (0010,0040) M, F, O only.
        switch (sex) {
            case "M", "F", "O" -> item.setString(Tag.PatientSex, VR.CS, sex);
            case "A", "N" -> item.setString(Tag.PatientSex, VR.CS, "O");
            default -> item.setNull(Tag.PatientSex, VR.CS);
        }
    }

    /** SPS start from ORC-7.4 (TQ, v2.3-2.4) or TQ1-7 (v2.5+). */
    private static void start(Attributes sps, OrderGroup g, boolean required) throws HL7Exception {
        String orc74 = Segments.get(g.orc, 7, 4);
        String segment = orc74.isEmpty() ? "TQ1" : "ORC";
        int field = orc74.isEmpty() ? 7 : 7;
        String value = orc74.isEmpty() ? Segments.get(g.tq1, 7) : orc74;
        if (value.isEmpty()) {
            if (required) {
                throw g.tq1 != null ? Segments.missing("TQ1", 7, "start date/time")
                        : Segments.missing("ORC", 7, "quantity/timing: start date/time (component 4)");
            }
            return;
        }
        Hl7Time t;
        try {
            t = Hl7Time.parse(value);
        } catch (DateTimeException e) {
            throw Segments.invalid(segment, field, "start date/time", "'" + value + "' is not a date/time");
        }
        if (t.date() == null) {
            throw Segments.invalid(segment, field, "start date/time", "'" + value + "' has no day");
        }
        sps.setDate(Tag.ScheduledProcedureStepStartDate, t.date());
        if (t.time() != null) {
            sps.setTime(Tag.ScheduledProcedureStepStartTime, t.time().withNano(0));
        } else {
            sps.setNull(Tag.ScheduledProcedureStepStartTime, VR.TM);
        }
    }

    /** ORC-7.6 / TQ1-9 priority (HL7 Table 0027) to Requested Procedure Priority (0040,1003). */
    static String priority(String hl7) {
        return switch (hl7.toUpperCase(Locale.ROOT)) {
            case "S" -> "STAT";
            case "A", "P", "C" -> "HIGH";
            case "R" -> "ROUTINE";
            default -> "";
        };
    }

    /** XCN: ID^family^given^middle^suffix^prefix (HL7 v2.5.1 2A.3.87), first repetition. */
    private static PersonName xcn(Segment segment, int field) {
        if (segment == null) {
            return PersonName.EMPTY;
        }
        return new PersonName(new PersonName.Group(Segments.get(segment, field, 2, 1), Segments.get(segment, field, 3),
                Segments.get(segment, field, 4), Segments.get(segment, field, 6), Segments.get(segment, field, 5)),
                null, null);
    }

    /**
     * PV1-8.1, the referring doctor's ID number (with PV1-8.9, its assigning authority), as the Person
     * Identification Code Sequence of the Referring Physician Identification Sequence (PS3.3 Table 10-1,
     * Person Identification Macro), so that the report's PV1-8 names the same consultant. Coding scheme
     * {@code L} (local, HL7 Table 0396) when PV1-8.9 is empty or longer than a DICOM SH.
     */
    private static void referringId(Attributes item, Segment pv1, PersonName name) {
        String id = Segments.get(pv1, 8, 1);
        if (id.isEmpty()) {
            return;
        }
        Attributes person = item.newSequence(Tag.ReferringPhysicianIdentificationSequence, 1).addItem();
        Attributes code = person.newSequence(Tag.PersonIdentificationCodeSequence, 1).addItem();
        if (id.length() <= 16) {
            code.setString(Tag.CodeValue, VR.SH, id);
        } else {
            code.setString(Tag.LongCodeValue, VR.UC, id); // PS3.3 8.8: a code value longer than 16 characters
        }
        String authority = Segments.get(pv1, 8, 9, 1);
        code.setString(Tag.CodingSchemeDesignator, VR.SH, authority.isEmpty() || authority.length() > 16 ? "L" : authority);
        String meaning = name.isEmpty() ? id : name.toString();
        code.setString(Tag.CodeMeaning, VR.LO, meaning.length() > 64 ? meaning.substring(0, 64) : meaning);
    }

    /** OBR-34 technician: NDL (CM_NDL before v2.5) whose component 1 is ID&family&given&middle&suffix&prefix. */
    private static PersonName technician(Segment obr) {
        return new PersonName(new PersonName.Group(Segments.get(obr, 34, 1, 2), Segments.get(obr, 34, 1, 3),
                Segments.get(obr, 34, 1, 4), Segments.get(obr, 34, 1, 6), Segments.get(obr, 34, 1, 5)), null, null);
    }

    /** A stable UID (PS3.5 B.2, UUID-derived) for an order that came without one. */
    static String derivedStudyUid(String facility, String accession) {
        UUID uuid = UUID.nameUUIDFromBytes(("mipgw-study|" + facility + "|" + accession).getBytes(StandardCharsets.UTF_8));
        ByteBuffer bb = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bb.array());
    }

    private static void setIfPresent(Attributes a, int tag, VR vr, String value) {
        if (value != null && !value.isEmpty()) {
            a.setString(tag, vr, value);
        }
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b == null ? "" : b;
    }
}
