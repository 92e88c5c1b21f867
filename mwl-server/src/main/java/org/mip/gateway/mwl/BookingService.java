package org.mip.gateway.mwl;

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
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.query.KeyValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Books, updates and cancels worklist items: the one entry point the HTTP API, the HL7 bridge and the import
 * command share. An item is one scheduled procedure step (PS3.4 K.6): a booking carries exactly one item in
 * its Scheduled Procedure Step Sequence, and Accession Number + Scheduled Procedure Step ID identify it, so the
 * same pair booked again updates it. Every change is one transaction, then an audit event.
 */
public final class BookingService {
    private static final Logger log = LoggerFactory.getLogger(BookingService.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String IN_SPS = "in the Scheduled Procedure Step Sequence";

    private final Database db;
    private final MwlConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public BookingService(Database db, MwlConfig config, AuditLog audit, Clock clock) {
        this.db = db;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates the item, or updates the one with the same Accession Number and SPS ID. A Study Instance UID is
     * generated when absent, the Scheduled Station AE Title taken from {@code mwl.stations} by Modality when
     * absent; the SPS Status is SCHEDULED for a new item and kept on update unless the item gives one.
     *
     * @param referrerId the {@code hl7.referrers} entry that gets this booking's reports, or {@code null}
     * @param actor who booked (API client, HL7 sending facility, import), for the audit trail
     * @throws BookingException naming the missing or invalid attribute
     */
    public BookingResult book(Attributes item, String referrerId, String actor) {
        Attributes it = prepare(item);
        for (int attempt = 1; ; attempt++) {
            try {
                BookingResult r = db.inTransaction(c -> upsert(c, it, referrerId));
                Booking b = r.booking();
                audit.record(r.created() ? "MWL_BOOKING_CREATED" : "MWL_BOOKING_UPDATED", AuditEvent.Outcome.SUCCESS,
                        actor, null, "id=" + b.id() + " accession=" + b.accessionNumber() + " sps=" + b.spsId(),
                        b.item().getString(Tag.PatientID));
                log.info("worklist item {} {} (modality {})", b.id(), r.created() ? "booked" : "updated",
                        b.item().getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.Modality));
                return r;
            } catch (DatabaseException e) {
                // two bookings for the same new patient or order raced: the loser sees the winner's row
                if (attempt < 3 && e.getCause() instanceof SQLException se && UNIQUE_VIOLATION.equals(se.getSQLState())) {
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Patient update (ADT^A08, IHE RAD TF-2 4.12): Patient's Name, Birth Date and Sex of {@code patient} (those it
     * contains; an empty value clears) become the demographics of the patient with its Patient ID (and Issuer of
     * Patient ID; a missing issuer on either side matches), when that patient has items not yet performed. Items of
     * one patient share one patient record, so its performed items show the new demographics too. Patient ID and
     * issuer are not changed (that is a merge). One transaction: all of it or nothing.
     *
     * @return the patient's items not yet performed, as they are now
     * @throws BookingException naming the missing or invalid attribute
     */
    public List<Booking> updatePatient(Attributes patient, String actor) {
        Attributes p = demographics(patient);
        String pid = p.getString(Tag.PatientID);
        String issuer = p.getString(Tag.IssuerOfPatientID, "");
        List<Booking> changed = db.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<Booking> out = new ArrayList<>();
            for (PatientRecords.Row row : PatientRecords.find(c, pid, issuer, true)) {
                PatientRecords.save(c, row.pk(), row.patientId(), row.issuer(), withDemographics(row.attrs(), p), now);
                PatientRecords.touchOpenItems(c, row.pk(), now);
                out.addAll(PatientRecords.openItems(c, row.pk()));
            }
            return out;
        });
        changed.forEach(b -> audit.record("MWL_BOOKING_UPDATED", AuditEvent.Outcome.SUCCESS, actor, null,
                "id=" + b.id() + " accession=" + b.accessionNumber() + " sps=" + b.spsId() + " patient demographics updated",
                b.item().getString(Tag.PatientID)));
        log.info("patient update: {} worklist item(s) changed", changed.size());
        return changed;
    }

    /**
     * Patient merge (ADT^A40, IHE RAD TF-2 4.12): every requested procedure of the prior patient
     * ({@code priorPatientId}, {@code priorIssuer}; a missing issuer matches any) that has an item not yet
     * performed moves to the surviving patient of {@code patient} (its Patient ID and issuer; created when the
     * worklist does not know it yet, with the prior patient's issuer when the message gives none), whose
     * demographics become those of {@code patient}. A procedure moves whole, with any performed items it has;
     * procedures whose items were all performed stay with the prior patient. One transaction: all of it or
     * nothing.
     *
     * @return the surviving patient's items not yet performed, as they are now (empty when nothing changed)
     * @throws BookingException naming the missing or invalid attribute, or when the surviving Patient ID without
     *     an issuer matches patients of several issuers
     */
    public List<Booking> mergePatient(String priorPatientId, String priorIssuer, Attributes patient, String actor) {
        if (priorPatientId == null || priorPatientId.isBlank()) {
            throw BookingException.missing(Tag.PatientID, "prior Patient ID", "of the merge");
        }
        Attributes p = demographics(patient);
        String pid = p.getString(Tag.PatientID);
        String issuer = p.getString(Tag.IssuerOfPatientID, "");
        List<Booking> merged = retryingUniqueViolation(() -> db.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<PatientRecords.Row> prior = PatientRecords.find(c, priorPatientId, priorIssuer, true);
            PatientRecords.Row survivor = survivor(PatientRecords.find(c, pid, issuer, false), issuer);
            long s;
            if (survivor == null) {
                if (prior.isEmpty()) {
                    return List.<Booking>of();
                }
                String iss = issuer.isEmpty() ? prior.get(0).issuer() : issuer;
                Attributes attrs = withDemographics(prior.get(0).attrs(), p);
                attrs.setString(Tag.PatientID, VR.LO, pid);
                if (iss.isEmpty()) {
                    attrs.remove(Tag.IssuerOfPatientID);
                } else {
                    attrs.setString(Tag.IssuerOfPatientID, VR.LO, iss);
                }
                s = PatientRecords.save(c, null, pid, iss, attrs, now);
            } else {
                s = survivor.pk();
                PatientRecords.save(c, s, survivor.patientId(), survivor.issuer(), withDemographics(survivor.attrs(), p),
                        now);
            }
            for (PatientRecords.Row r : prior) {
                if (r.pk() != s) {
                    PatientRecords.moveOpenRequests(c, r.pk(), s, now);
                }
            }
            PatientRecords.touchOpenItems(c, s, now);
            return PatientRecords.openItems(c, s);
        }));
        merged.forEach(b -> audit.record("MWL_BOOKING_UPDATED", AuditEvent.Outcome.SUCCESS, actor, null,
                "id=" + b.id() + " accession=" + b.accessionNumber() + " sps=" + b.spsId()
                        + " patient merged from prior patient " + priorPatientId,
                b.item().getString(Tag.PatientID)));
        log.info("patient merge: {} worklist item(s) now under the surviving patient", merged.size());
        return merged;
    }

    /** The surviving patient's row: the one with the same issuer, else the only one; none when there is none. */
    private static PatientRecords.Row survivor(List<PatientRecords.Row> rows, String issuer) {
        for (PatientRecords.Row r : rows) {
            if (r.issuer().equals(issuer)) {
                return r;
            }
        }
        if (rows.size() > 1) {
            throw BookingException.invalid(Tag.IssuerOfPatientID, "Issuer of Patient ID",
                    "the surviving Patient ID is known under " + rows.size() + " issuers; the merge must name one");
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A UTF-8 copy of an ADT patient (Patient ID required, at most 64 characters). */
    private static Attributes demographics(Attributes patient) {
        if (patient == null) {
            throw new BookingException(-1, "no patient");
        }
        require(patient, Tag.PatientID, "Patient ID", null);
        checkLength(patient, Tag.PatientID, "Patient ID", 64);
        checkLength(patient, Tag.IssuerOfPatientID, "Issuer of Patient ID", 64);
        return WorklistItems.toUtf8(patient);
    }

    /** {@code attrs} (a stored UTF-8 patient level) with the Name, Birth Date and Sex that {@code utf8} contains. */
    private static Attributes withDemographics(Attributes attrs, Attributes utf8) {
        Attributes out = new Attributes(attrs);
        for (int tag : new int[] {Tag.PatientName, Tag.PatientBirthDate, Tag.PatientSex}) {
            if (utf8.contains(tag)) {
                out.setValue(tag, utf8.getVR(tag), utf8.getValue(tag));
            }
        }
        out.setString(Tag.SpecificCharacterSet, VR.CS, WorklistItems.UTF8);
        return out;
    }

    /** Runs {@code work} again (at most 3 times) when it lost an insert race on a unique key. */
    private <T> T retryingUniqueViolation(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (DatabaseException e) {
                if (attempt < 3 && e.getCause() instanceof SQLException se && UNIQUE_VIOLATION.equals(se.getSQLState())) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** Takes the item off the worklist (status DISCONTINUED); empty when there is no such item. */
    public Optional<Booking> cancel(long id, String actor) {
        Optional<Booking> b = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_sps SET status = ?, updated_at = ? WHERE pk = ?")) {
                ps.setString(1, SpsStatus.DISCONTINUED.name());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, id);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Booking>empty();
                }
            }
            return load(c, id);
        });
        b.ifPresent(x -> audit.record("MWL_BOOKING_CANCELLED", AuditEvent.Outcome.SUCCESS, actor, null,
                "id=" + x.id() + " accession=" + x.accessionNumber() + " sps=" + x.spsId(), x.item().getString(Tag.PatientID)));
        return b;
    }

    public Optional<Booking> get(long id) {
        return db.inTransaction(c -> load(c, id));
    }

    /** The items with this Accession Number (any status), e.g. to route a report. */
    public List<Booking> byAccessionNumber(String accessionNumber) {
        return query(" WHERE s.accession_no = ?", List.of(accessionNumber), 1000);
    }

    /** Bookings matching {@code filter}, ordered by SPS start date and time. */
    public List<Booking> list(BookingFilter filter) {
        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        if (filter.date() != null) {
            where.add("s.start_date = ?");
            params.add(KeyValues.date(filter.date().toString().replace("-", "")));
        }
        if (filter.modality() != null) {
            where.add("s.modality = ?");
            params.add(filter.modality());
        }
        if (filter.stationAet() != null) {
            where.add("EXISTS (SELECT 1 FROM mwl_sps_station st WHERE st.sps_fk = s.pk AND st.aet = ?)");
            params.add(filter.stationAet());
        }
        if (filter.status() != null) {
            where.add("s.status = ?");
            params.add(filter.status().name());
        }
        return query(where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where), params, filter.limit());
    }

    private List<Booking> query(String where, List<String> params, int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorklistItems.SELECT + where + " ORDER BY s.start_dt, s.pk")) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setString(i + 1, params.get(i));
                }
                ps.setMaxRows(limit);
                List<Booking> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(WorklistItems.mergeRow(rs));
                    }
                }
                return out;
            }
        });
    }

    static Optional<Booking> load(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WorklistItems.SELECT + " WHERE s.pk = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(WorklistItems.mergeRow(rs)) : Optional.empty();
            }
        }
    }

    // ---- validation --------------------------------------------------------------------------

    /** A validated copy of {@code item} with the defaults filled in. */
    Attributes prepare(Attributes item) {
        if (item == null) {
            throw new BookingException(-1, "no worklist item");
        }
        Attributes it = new Attributes(item);
        Sequence spsSeq = it.getSequence(Tag.ScheduledProcedureStepSequence);
        if (spsSeq == null || spsSeq.isEmpty()) {
            throw BookingException.missing(Tag.ScheduledProcedureStepSequence, "Scheduled Procedure Step Sequence", null);
        }
        if (spsSeq.size() > 1) {
            throw BookingException.invalid(Tag.ScheduledProcedureStepSequence, "Scheduled Procedure Step Sequence",
                    "book one scheduled procedure step per item (PS3.4 K.6), found " + spsSeq.size());
        }
        require(it, Tag.PatientID, "Patient ID", null);
        require(it, Tag.AccessionNumber, "Accession Number", null);
        Attributes sps = spsSeq.get(0);
        require(sps, Tag.Modality, "Modality", IN_SPS);
        require(sps, Tag.ScheduledProcedureStepID, "Scheduled Procedure Step ID", IN_SPS);
        require(sps, Tag.ScheduledProcedureStepStartDate, "Scheduled Procedure Step Start Date", IN_SPS);
        if (KeyValues.date(sps.getString(Tag.ScheduledProcedureStepStartDate)) == null) {
            throw BookingException.invalid(Tag.ScheduledProcedureStepStartDate, "Scheduled Procedure Step Start Date",
                    "not a date YYYYMMDD: " + sps.getString(Tag.ScheduledProcedureStepStartDate));
        }
        String time = sps.getString(Tag.ScheduledProcedureStepStartTime);
        if (time != null && !time.isEmpty() && KeyValues.time(time) == null) {
            throw BookingException.invalid(Tag.ScheduledProcedureStepStartTime, "Scheduled Procedure Step Start Time",
                    "not a time HHMMSS: " + time);
        }
        String status = sps.getString(Tag.ScheduledProcedureStepStatus);
        if (status != null && !status.isEmpty() && SpsStatus.parse(status) == null) {
            throw BookingException.invalid(Tag.ScheduledProcedureStepStatus, "Scheduled Procedure Step Status",
                    "not one of " + java.util.Arrays.toString(SpsStatus.values()) + ": " + status);
        }
        checkLength(it, Tag.PatientID, "Patient ID", 64);
        checkLength(it, Tag.AccessionNumber, "Accession Number", 64);
        checkLength(it, Tag.RequestedProcedureID, "Requested Procedure ID", 64);
        checkLength(sps, Tag.ScheduledProcedureStepID, "Scheduled Procedure Step ID", 64);
        checkLength(sps, Tag.Modality, "Modality", 16);
        String[] aets = sps.getStrings(Tag.ScheduledStationAETitle);
        if (aets != null) {
            for (String aet : aets) {
                if (aet.length() > 16) {
                    throw BookingException.invalid(Tag.ScheduledStationAETitle, "Scheduled Station AE Title",
                            "longer than 16 characters: " + aet);
                }
            }
        }
        String uid = it.getString(Tag.StudyInstanceUID);
        if (uid == null || uid.isEmpty()) {
            it.setString(Tag.StudyInstanceUID, VR.UI, Uids.random());
        } else if (!Uids.isValid(uid)) {
            throw BookingException.invalid(Tag.StudyInstanceUID, "Study Instance UID", "not a UID: " + uid);
        }
        if (!sps.containsValue(Tag.ScheduledStationAETitle)) {
            config.stationFor(sps.getString(Tag.Modality)).ifPresent(st -> {
                sps.setString(Tag.ScheduledStationAETitle, VR.AE, st.aet());
                if (!sps.containsValue(Tag.ScheduledStationName) && st.name() != null && !st.name().isEmpty()) {
                    sps.setString(Tag.ScheduledStationName, VR.SH, st.name());
                }
            });
        }
        return it;
    }

    private static void require(Attributes a, int tag, String name, String where) {
        String v = a.getString(tag);
        if (v == null || v.isBlank()) {
            throw BookingException.missing(tag, name, where);
        }
    }

    private static void checkLength(Attributes a, int tag, String name, int max) {
        String v = a.getString(tag);
        if (v != null && v.length() > max) {
            throw BookingException.invalid(tag, name, "longer than " + max + " characters");
        }
    }

    // ---- storage -----------------------------------------------------------------------------

    private BookingResult upsert(Connection c, Attributes it, String referrerId) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        WorklistItems.Parts parts = WorklistItems.split(it);
        Attributes sps = it.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        long patient = upsertPatient(c, it, parts.patient(), now);
        String accession = it.getString(Tag.AccessionNumber);
        String rpid = it.getString(Tag.RequestedProcedureID, "");
        long request;
        Long existing = findLong(c, "SELECT pk FROM mwl_request WHERE accession_no = ? AND requested_proc_id = ?", accession, rpid);
        if (existing == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mwl_request (patient_fk, accession_no, "
                    + "requested_proc_id, study_iuid, referrer_id, attrs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"pk"})) {
                ps.setLong(1, patient);
                ps.setString(2, accession);
                ps.setString(3, rpid);
                ps.setString(4, it.getString(Tag.StudyInstanceUID));
                ps.setString(5, referrerId);
                ps.setString(6, WorklistItems.toJson(parts.request()));
                ps.setTimestamp(7, now);
                ps.setTimestamp(8, now);
                request = insertedKey(ps);
            }
        } else {
            request = existing;
            try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_request SET patient_fk = ?, study_iuid = ?, "
                    + "referrer_id = COALESCE(?, referrer_id), attrs = ?, updated_at = ? WHERE pk = ?")) {
                ps.setLong(1, patient);
                ps.setString(2, it.getString(Tag.StudyInstanceUID));
                ps.setString(3, referrerId);
                ps.setString(4, WorklistItems.toJson(parts.request()));
                ps.setTimestamp(5, now);
                ps.setLong(6, request);
                ps.executeUpdate();
            }
        }
        String spsId = sps.getString(Tag.ScheduledProcedureStepID);
        String date = KeyValues.date(sps.getString(Tag.ScheduledProcedureStepStartDate));
        String tm = sps.getString(Tag.ScheduledProcedureStepStartTime);
        String time = tm == null || tm.isEmpty() ? "" : KeyValues.time(tm);
        String dt = date + (time.isEmpty() ? KeyValues.TIME_MIN : time);
        String charset = String.join("\\", orEmpty(item(it)));
        SpsStatus given = SpsStatus.parse(sps.getString(Tag.ScheduledProcedureStepStatus));
        Long spsPk = findLong(c, "SELECT pk FROM mwl_sps WHERE accession_no = ? AND sps_id = ?", accession, spsId);
        boolean created = spsPk == null;
        if (created) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mwl_sps (request_fk, accession_no, sps_id, status, "
                    + "modality, start_date, start_time, start_dt, charset, attrs, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"pk"})) {
                ps.setLong(1, request);
                ps.setString(2, accession);
                ps.setString(3, spsId);
                ps.setString(4, (given == null ? SpsStatus.SCHEDULED : given).name());
                ps.setString(5, sps.getString(Tag.Modality));
                ps.setString(6, date);
                ps.setString(7, time);
                ps.setString(8, dt);
                ps.setString(9, charset);
                ps.setString(10, WorklistItems.toJson(parts.sps()));
                ps.setTimestamp(11, now);
                ps.setTimestamp(12, now);
                spsPk = insertedKey(ps);
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_sps SET request_fk = ?, status = COALESCE(?, status), "
                    + "modality = ?, start_date = ?, start_time = ?, start_dt = ?, charset = ?, attrs = ?, updated_at = ? "
                    + "WHERE pk = ?")) {
                ps.setLong(1, request);
                ps.setString(2, given == null ? null : given.name());
                ps.setString(3, sps.getString(Tag.Modality));
                ps.setString(4, date);
                ps.setString(5, time);
                ps.setString(6, dt);
                ps.setString(7, charset);
                ps.setString(8, WorklistItems.toJson(parts.sps()));
                ps.setTimestamp(9, now);
                ps.setLong(10, spsPk);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mwl_sps_station WHERE sps_fk = ?")) {
                ps.setLong(1, spsPk);
                ps.executeUpdate();
            }
        }
        String[] aets = sps.getStrings(Tag.ScheduledStationAETitle);
        if (aets != null) {
            Set<String> unique = new LinkedHashSet<>();
            for (String a : aets) {
                if (!a.isBlank()) {
                    unique.add(a.trim());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mwl_sps_station (sps_fk, aet) VALUES (?, ?)")) {
                for (String a : unique) {
                    ps.setLong(1, spsPk);
                    ps.setString(2, a);
                    ps.addBatch();
                }
                if (!unique.isEmpty()) {
                    ps.executeBatch();
                }
            }
        }
        return new BookingResult(load(c, spsPk).orElseThrow(), created);
    }

    private static String[] item(Attributes it) {
        return it.getStrings(Tag.SpecificCharacterSet);
    }

    private static String[] orEmpty(String[] s) {
        return s == null ? new String[0] : s;
    }

    private long upsertPatient(Connection c, Attributes it, Attributes patientAttrs, Timestamp now) throws SQLException {
        String pid = it.getString(Tag.PatientID);
        String issuer = it.getString(Tag.IssuerOfPatientID, "");
        Long pk = findLong(c, "SELECT pk FROM mwl_patient WHERE patient_id = ? AND issuer = ?", pid, issuer);
        return PatientRecords.save(c, pk, pid, issuer, patientAttrs, now);
    }

    static Long findLong(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static long insertedKey(PreparedStatement ps) throws SQLException {
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no generated key");
            }
            return keys.getLong(1);
        }
    }
}
