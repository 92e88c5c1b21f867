package org.mip.gateway.mwl.mpps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.db.Database;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.json.DicomJson;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.mwl.WorklistItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modality Performed Procedure Step SCP logic (PS3.4 F), without the network: N-CREATE stores the performed
 * step IN PROGRESS and moves the scheduled steps it names (Scheduled Step Attributes Sequence (0040,0270):
 * Accession Number, SPS ID, else Study Instance UID + SPS ID) to STARTED; N-SET updates it while IN PROGRESS,
 * and COMPLETED or DISCONTINUED moves the linked steps to COMPLETED or DISCONTINUED, after which it refuses
 * further N-SETs (PS3.4 F.7.2.2.3). Each request is one transaction.
 */
public final class MppsService {
    private static final Logger log = LoggerFactory.getLogger(MppsService.class);

    public static final String IN_PROGRESS = "IN PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String DISCONTINUED = "DISCONTINUED";

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public MppsService(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * N-CREATE (PS3.4 F.7.2.1).
     *
     * @throws MppsException 0x0111 when the instance exists, 0x0120 when Performed Procedure Step Status is
     *         missing, 0x0106 when it is not IN PROGRESS (F.7.2.1.2)
     */
    public MppsResult create(String sopInstanceUid, Attributes attrs) {
        return create(sopInstanceUid, attrs, null, null);
    }

    /**
     * As {@link #create(String, Attributes)}, audited as PS3.15 A.5.3.15 "Procedure Record" (110111, action C)
     * with {@code actor} (the calling AE title) from {@code source} and the Patient ID of the attribute list.
     */
    public MppsResult create(String sopInstanceUid, Attributes attrs, String actor, String source) {
        requireUid(sopInstanceUid);
        String status = attrs.getString(Tag.PerformedProcedureStepStatus);
        if (status == null) {
            throw MppsException.attribute(MppsStatus.MISSING_ATTRIBUTE, Tag.PerformedProcedureStepStatus,
                    "missing Performed Procedure Step Status");
        }
        if (!IN_PROGRESS.equals(status.trim())) {
            throw MppsException.attribute(MppsStatus.INVALID_ATTRIBUTE_VALUE, Tag.PerformedProcedureStepStatus,
                    "N-CREATE needs status IN PROGRESS, not " + status);
        }
        String[] patient = new String[1];
        MppsResult r = db.inTransaction(c -> {
            if (find(c, sopInstanceUid) != null) {
                throw new MppsException(MppsStatus.DUPLICATE_SOP_INSTANCE,
                        "performed procedure step exists: " + sopInstanceUid, -1, -1);
            }
            Timestamp now = Timestamp.from(clock.instant());
            long pk;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mwl_mpps (sop_iuid, status, attrs, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?)", new String[] {"pk"})) {
                ps.setString(1, sopInstanceUid);
                ps.setString(2, IN_PROGRESS);
                ps.setString(3, DicomJson.toJson(WorklistItems.toUtf8(attrs)));
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.executeUpdate();
                try (ResultSet k = ps.getGeneratedKeys()) {
                    k.next();
                    pk = k.getLong(1);
                }
            }
            List<Long> sps = linkedSteps(c, attrs);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mwl_mpps_sps (mpps_fk, sps_fk) VALUES (?, ?)")) {
                for (long s : sps) {
                    ps.setLong(1, pk);
                    ps.setLong(2, s);
                    ps.executeUpdate();
                }
            }
            moveSteps(c, sps, SpsStatus.STARTED, now);
            patient[0] = patientOf(c, attrs, sps);
            return new MppsResult(sopInstanceUid, IN_PROGRESS, sps, WorklistItems.toUtf8(attrs));
        });
        audit.record("MPPS_CREATED", AuditEvent.Outcome.SUCCESS, actor, source,
                "mpps=" + sopInstanceUid + " status=" + r.status() + " sps=" + r.linkedSpsIds()
                        + accession(r.attributes()), patient[0]);
        log.info("performed procedure step created, {} worklist item(s) started", r.linkedSpsIds().size());
        return r;
    }

    /**
     * N-SET (PS3.4 F.7.2.2): replaces the given attributes.
     *
     * @throws MppsException 0x0112 for an unknown instance; 0x0110 with Error ID 0xA710 once COMPLETED or
     *         DISCONTINUED (Table F.7.2-2); 0x0106 for a status other than IN PROGRESS, COMPLETED, DISCONTINUED
     */
    public MppsResult set(String sopInstanceUid, Attributes modifications) {
        return set(sopInstanceUid, modifications, null, null);
    }

    /**
     * As {@link #set(String, Attributes)}, audited as PS3.15 A.5.3.15 "Procedure Record" (110111, action U)
     * with {@code actor} (the calling AE title) from {@code source} and the Patient ID of the performed step.
     */
    public MppsResult set(String sopInstanceUid, Attributes modifications, String actor, String source) {
        requireUid(sopInstanceUid);
        String newStatus = modifications.getString(Tag.PerformedProcedureStepStatus);
        if (newStatus != null) {
            newStatus = newStatus.trim();
            if (!newStatus.equals(IN_PROGRESS) && !newStatus.equals(COMPLETED) && !newStatus.equals(DISCONTINUED)) {
                throw MppsException.attribute(MppsStatus.INVALID_ATTRIBUTE_VALUE, Tag.PerformedProcedureStepStatus,
                        "invalid Performed Procedure Step Status " + newStatus);
            }
        }
        String target = newStatus;
        String[] patient = new String[1];
        MppsResult r = db.inTransaction(c -> {
            Row row = find(c, sopInstanceUid);
            if (row == null) {
                throw new MppsException(MppsStatus.NO_SUCH_OBJECT_INSTANCE,
                        "no performed procedure step " + sopInstanceUid, -1, -1);
            }
            if (!IN_PROGRESS.equals(row.status)) {
                throw new MppsException(MppsStatus.PROCESSING_FAILURE, MppsStatus.MAY_NO_LONGER_BE_UPDATED,
                        MppsStatus.ERROR_ID_MAY_NO_LONGER_BE_UPDATED, -1);
            }
            Attributes stored = DicomJson.parse(row.json);
            WorklistItems.copyInto(WorklistItems.toUtf8(modifications), stored);
            String status = target == null ? IN_PROGRESS : target;
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_mpps SET status = ?, attrs = ?, updated_at = ? WHERE pk = ?")) {
                ps.setString(1, status);
                ps.setString(2, DicomJson.toJson(stored));
                ps.setTimestamp(3, now);
                ps.setLong(4, row.pk);
                ps.executeUpdate();
            }
            List<Long> sps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sps_fk FROM mwl_mpps_sps WHERE mpps_fk = ? ORDER BY sps_fk")) {
                ps.setLong(1, row.pk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sps.add(rs.getLong(1));
                    }
                }
            }
            if (COMPLETED.equals(status)) {
                moveSteps(c, sps, SpsStatus.COMPLETED, now);
            } else if (DISCONTINUED.equals(status)) {
                moveSteps(c, sps, SpsStatus.DISCONTINUED, now);
            }
            patient[0] = patientOf(c, stored, sps);
            return new MppsResult(sopInstanceUid, status, sps, stored);
        });
        audit.record("MPPS_UPDATED", AuditEvent.Outcome.SUCCESS, actor, source,
                "mpps=" + sopInstanceUid + " status=" + r.status() + " sps=" + r.linkedSpsIds()
                        + accession(r.attributes()), patient[0]);
        return r;
    }

    /** The stored performed procedure step, if any. */
    public Optional<MppsResult> get(String sopInstanceUid) {
        return db.inTransaction(c -> {
            Row row = find(c, sopInstanceUid);
            if (row == null) {
                return Optional.<MppsResult>empty();
            }
            List<Long> sps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sps_fk FROM mwl_mpps_sps WHERE mpps_fk = ? ORDER BY sps_fk")) {
                ps.setLong(1, row.pk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sps.add(rs.getLong(1));
                    }
                }
            }
            return Optional.of(new MppsResult(sopInstanceUid, row.status, sps, DicomJson.parse(row.json)));
        });
    }

    /**
     * The patient of a performed step, for its audit event: its Patient ID (0010,0020) when it has one (type 2
     * in N-CREATE, PS3.4 F.7.2.1.1; modalities may send it empty), else that of the first linked worklist item.
     */
    private static String patientOf(Connection c, Attributes attrs, List<Long> sps) throws SQLException {
        String pid = attrs.getString(Tag.PatientID);
        if (pid != null && !pid.isBlank()) {
            return pid.strip();
        }
        if (sps.isEmpty()) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT p.patient_id FROM mwl_sps s JOIN mwl_request r "
                + "ON r.pk = s.request_fk JOIN mwl_patient p ON p.pk = r.patient_fk WHERE s.pk = ?")) {
            ps.setLong(1, sps.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** " accession=A1,A2" of the Scheduled Step Attributes Sequence, "" when none. */
    private static String accession(Attributes attrs) {
        Set<String> out = new LinkedHashSet<>();
        Sequence seq = attrs.getSequence(Tag.ScheduledStepAttributesSequence);
        if (seq != null) {
            for (Attributes item : seq) {
                String a = item.getString(Tag.AccessionNumber, "").strip();
                if (!a.isEmpty()) {
                    out.add(a);
                }
            }
        }
        return out.isEmpty() ? "" : " accession=" + String.join(",", out);
    }

    private static void requireUid(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new MppsException(MppsStatus.INVALID_ATTRIBUTE_VALUE, "no Affected SOP Instance UID", -1,
                    Tag.AffectedSOPInstanceUID);
        }
    }

    private record Row(long pk, String status, String json) {}

    private static Row find(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pk, status, attrs FROM mwl_mpps WHERE sop_iuid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    /** The scheduled steps named by the Scheduled Step Attributes Sequence (none for an unscheduled step). */
    private static List<Long> linkedSteps(Connection c, Attributes attrs) throws SQLException {
        Set<Long> out = new LinkedHashSet<>();
        Sequence seq = attrs.getSequence(Tag.ScheduledStepAttributesSequence);
        if (seq == null) {
            return List.of();
        }
        for (Attributes item : seq) {
            String spsId = item.getString(Tag.ScheduledProcedureStepID, "");
            String accession = item.getString(Tag.AccessionNumber, "");
            String study = item.getString(Tag.StudyInstanceUID, "");
            String rpid = item.getString(Tag.RequestedProcedureID, "");
            if (spsId.isEmpty()) {
                continue;
            }
            StringBuilder sql = new StringBuilder(
                    "SELECT s.pk FROM mwl_sps s JOIN mwl_request r ON r.pk = s.request_fk WHERE s.sps_id = ?");
            List<String> params = new ArrayList<>(List.of(spsId));
            if (!accession.isEmpty()) {
                sql.append(" AND s.accession_no = ?");
                params.add(accession);
            } else if (!study.isEmpty()) {
                sql.append(" AND r.study_iuid = ?");
                params.add(study);
            } else {
                continue;
            }
            if (!rpid.isEmpty()) {
                sql.append(" AND r.requested_proc_id = ?");
                params.add(rpid);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setString(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Moves steps to {@code to}; STARTED only from a status on the worklist, never back from a final one. */
    private static void moveSteps(Connection c, List<Long> sps, SpsStatus to, Timestamp now) throws SQLException {
        String guard = to == SpsStatus.STARTED
                ? " AND status IN ('SCHEDULED', 'ARRIVED', 'READY')"
                : " AND status NOT IN ('COMPLETED', 'DISCONTINUED')";
        try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_sps SET status = ?, updated_at = ? WHERE pk = ?" + guard)) {
            for (long s : sps) {
                ps.setString(1, to.name());
                ps.setTimestamp(2, now);
                ps.setLong(3, s);
                ps.executeUpdate();
            }
        }
    }
}
