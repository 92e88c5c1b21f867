package org.mip.gateway.storescp.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mip.gateway.db.Database;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/**
 * What {@code GET /api/v1/studies?patientId=&accessionNumber=&date=} returns: study-level attributes (PS3.4
 * C.6.1.1.2 Study level keys, as a Query/Retrieve SCP would return them) of the archived studies, with
 * Modalities in Study (0008,0061), Number of Study Related Series (0020,1206) and Instances (0020,1208).
 * Every filter is optional and matched exactly (date: YYYYMMDD, or a range YYYYMMDD-YYYYMMDD); values are
 * returned as Java strings under Specific Character Set ISO_IR 192, ready for DICOM JSON.
 */
public final class StudyQuery {
    /** Most studies one call returns. */
    public static final int DEFAULT_LIMIT = 1000;

    private final Database db;

    public StudyQuery(Database db) {
        this.db = Objects.requireNonNull(db);
    }

    public record Filter(String patientId, String accessionNumber, String date) {
        public static Filter of(String patientId, String accessionNumber, String date) {
            return new Filter(blankToNull(patientId), blankToNull(accessionNumber), blankToNull(date));
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    /** @throws IllegalArgumentException when {@code date} is neither YYYYMMDD nor a YYYYMMDD-YYYYMMDD range (HTTP 400) */
    public List<Attributes> find(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT s.pk, s.study_iuid, s.study_date, s.study_time, s.accession_no, "
                + "s.study_id, s.description, s.referring_phys, "
                // counted when read (V2__count_on_read), through st_series_study_ix and st_instance_series_ix
                + "(SELECT COUNT(*) FROM st_series se WHERE se.study_fk = s.pk), "
                + "(SELECT COUNT(*) FROM st_series se JOIN st_instance i ON i.series_fk = se.pk WHERE se.study_fk = s.pk), "
                + "p.patient_id, p.issuer, "
                + "p.name, p.birth_date, p.sex FROM st_study s JOIN st_patient p ON p.pk = s.patient_fk WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (filter.patientId() != null) {
            sql.append(" AND p.patient_id = ?");
            args.add(filter.patientId());
        }
        if (filter.accessionNumber() != null) {
            sql.append(" AND s.accession_no = ?");
            args.add(filter.accessionNumber());
        }
        if (filter.date() != null) {
            String d = filter.date();
            if (d.matches("\\d{8}")) {
                sql.append(" AND s.study_date = ?");
                args.add(d);
            } else if (d.matches("\\d{8}-\\d{8}")) {
                sql.append(" AND s.study_date >= ? AND s.study_date <= ?");
                args.add(d.substring(0, 8));
                args.add(d.substring(9));
            } else {
                throw new IllegalArgumentException("date must be YYYYMMDD or YYYYMMDD-YYYYMMDD: " + d);
            }
        }
        sql.append(" ORDER BY s.study_date DESC, s.study_time DESC, s.pk DESC");
        return db.inTransaction(c -> {
            Map<Long, Attributes> studies = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Attributes a = new Attributes(20);
                        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
                        set(a, Tag.StudyDate, VR.DA, rs.getString(3));
                        set(a, Tag.StudyTime, VR.TM, rs.getString(4));
                        set(a, Tag.AccessionNumber, VR.SH, rs.getString(5));
                        set(a, Tag.ReferringPhysicianName, VR.PN, rs.getString(8));
                        set(a, Tag.StudyDescription, VR.LO, rs.getString(7));
                        set(a, Tag.PatientName, VR.PN, rs.getString(13));
                        set(a, Tag.PatientID, VR.LO, rs.getString(11));
                        set(a, Tag.IssuerOfPatientID, VR.LO, rs.getString(12));
                        set(a, Tag.PatientBirthDate, VR.DA, rs.getString(14));
                        set(a, Tag.PatientSex, VR.CS, rs.getString(15));
                        set(a, Tag.StudyInstanceUID, VR.UI, rs.getString(2));
                        set(a, Tag.StudyID, VR.SH, rs.getString(6));
                        a.setInt(Tag.NumberOfStudyRelatedSeries, VR.IS, rs.getInt(9));
                        a.setInt(Tag.NumberOfStudyRelatedInstances, VR.IS, rs.getInt(10));
                        a.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
                        studies.put(rs.getLong(1), a);
                    }
                }
            }
            if (!studies.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DISTINCT modality FROM st_series WHERE study_fk = ? AND modality <> '' ORDER BY modality")) {
                    for (Map.Entry<Long, Attributes> e : studies.entrySet()) {
                        ps.setLong(1, e.getKey());
                        List<String> modalities = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                modalities.add(rs.getString(1));
                            }
                        }
                        if (!modalities.isEmpty()) {
                            e.getValue().setString(Tag.ModalitiesInStudy, VR.CS, modalities.toArray(String[]::new));
                        } else {
                            e.getValue().setNull(Tag.ModalitiesInStudy, VR.CS);
                        }
                    }
                }
            }
            return new ArrayList<>(studies.values());
        });
    }

    /**
     * The worklist items each of {@code studyInstanceUids} was linked to when it arrived ({@code
     * st_worklist_link.worklist_ref}, as the application's {@code WorklistLink} named them, e.g. {@code mwl:12}),
     * by Study Instance UID; studies without a link are absent.
     */
    public Map<String, List<String>> worklistLinks(Collection<String> studyInstanceUids) {
        if (studyInstanceUids.isEmpty()) {
            return Map.of();
        }
        List<String> uids = List.copyOf(studyInstanceUids);
        return db.inTransaction(c -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (int from = 0; from < uids.size(); from += 500) {
                List<String> chunk = uids.subList(from, Math.min(uids.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("SELECT s.study_iuid, l.worklist_ref FROM st_worklist_link l "
                        + "JOIN st_study s ON s.pk = l.study_fk WHERE s.study_iuid IN ("
                        + String.join(",", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY l.pk")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            return out;
        });
    }

    private static void set(Attributes a, int tag, VR vr, String value) {
        if (value == null || value.isEmpty()) {
            a.setNull(tag, vr);
        } else {
            a.setString(tag, vr, value);
        }
    }
}
