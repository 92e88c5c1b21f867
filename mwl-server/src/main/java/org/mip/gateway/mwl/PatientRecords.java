package org.mip.gateway.mwl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.PersonName;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.json.DicomJson;
import org.mip.gateway.mwl.query.KeyValues;

/**
 * The {@code mwl_patient} rows and the moves between them that patient updates and merges (ADT^A08, ADT^A40;
 * IHE RAD TF-2 4.12) make. Every method works inside the caller's transaction.
 */
final class PatientRecords {
    /** {@link SpsStatus#ON_WORKLIST} as SQL: the items not yet performed. */
    static final String OPEN = "('SCHEDULED', 'ARRIVED', 'READY')";

    private PatientRecords() {}

    /** One {@code mwl_patient} row: its key, identifiers and group 0010 attributes (UTF-8). */
    record Row(long pk, String patientId, String issuer, Attributes attrs) {}

    /** An issuer missing on either side matches (PID-3.4 is often left out of ADT messages). */
    static boolean sameIssuer(String a, String b) {
        return a == null || a.isEmpty() || b == null || b.isEmpty() || a.equals(b);
    }

    /** The rows of {@code patientId} whose issuer matches {@code issuer}, oldest first; {@code openOnly}: with an item not yet performed. */
    static List<Row> find(Connection c, String patientId, String issuer, boolean openOnly) throws SQLException {
        String sql = "SELECT p.pk, p.patient_id, p.issuer, p.attrs FROM mwl_patient p WHERE p.patient_id = ?"
                + (openOnly ? " AND EXISTS (SELECT 1 FROM mwl_request r JOIN mwl_sps s ON s.request_fk = r.pk "
                        + "WHERE r.patient_fk = p.pk AND s.status IN " + OPEN + ")" : "")
                + " ORDER BY p.pk";
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (sameIssuer(issuer, rs.getString(3))) {
                        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), DicomJson.parse(rs.getString(4))));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Inserts ({@code pk} null) or updates a patient row: identifiers, the name columns (as stored and upper-cased,
     * for case-insensitive PN matching) from the Patient's Name of {@code attrs}, and {@code attrs} as DICOM JSON.
     *
     * @return the row's key
     */
    static long save(Connection c, Long pk, String patientId, String issuer, Attributes attrs, Timestamp now)
            throws SQLException {
        PersonName.Group n = PersonName.parse(attrs.getString(Tag.PatientName, "")).alphabetic();
        String[] comps = {n.familyName(), n.givenName(), n.middleName(), n.namePrefix(), n.nameSuffix()};
        String sql = pk == null
                ? "INSERT INTO mwl_patient (pn_family, pn_given, pn_middle, pn_prefix, pn_suffix, pn_family_u, pn_given_u, "
                        + "pn_middle_u, pn_prefix_u, pn_suffix_u, attrs, updated_at, created_at, patient_id, issuer) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE mwl_patient SET pn_family = ?, pn_given = ?, pn_middle = ?, pn_prefix = ?, pn_suffix = ?, "
                        + "pn_family_u = ?, pn_given_u = ?, pn_middle_u = ?, pn_prefix_u = ?, pn_suffix_u = ?, attrs = ?, "
                        + "updated_at = ? WHERE pk = ?";
        try (PreparedStatement ps = pk == null ? c.prepareStatement(sql, new String[] {"pk"}) : c.prepareStatement(sql)) {
            int i = 1;
            for (String comp : comps) {
                ps.setString(i++, comp);
            }
            for (String comp : comps) {
                ps.setString(i++, KeyValues.upper(comp));
            }
            ps.setString(i++, WorklistItems.toJson(attrs));
            ps.setTimestamp(i++, now);
            if (pk == null) {
                ps.setTimestamp(i++, now);
                ps.setString(i++, patientId);
                ps.setString(i, issuer);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key");
                    }
                    return keys.getLong(1);
                }
            }
            ps.setLong(i, pk);
            ps.executeUpdate();
            return pk;
        }
    }

    /**
     * Moves every requested procedure of patient {@code from} that has an item not yet performed to patient
     * {@code to}; the procedure's other items (performed ones included) go with it.
     *
     * @return how many requested procedures moved
     */
    static int moveOpenRequests(Connection c, long from, long to, Timestamp now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_request SET patient_fk = ?, updated_at = ? "
                + "WHERE patient_fk = ? AND EXISTS (SELECT 1 FROM mwl_sps s WHERE s.request_fk = mwl_request.pk "
                + "AND s.status IN " + OPEN + ")")) {
            ps.setLong(1, to);
            ps.setTimestamp(2, now);
            ps.setLong(3, from);
            return ps.executeUpdate();
        }
    }

    /** Marks the patient's items not yet performed as changed now (their Booking.updatedAt). */
    static void touchOpenItems(Connection c, long patient, Timestamp now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE mwl_sps SET updated_at = ? WHERE status IN " + OPEN
                + " AND request_fk IN (SELECT r.pk FROM mwl_request r WHERE r.patient_fk = ?)")) {
            ps.setTimestamp(1, now);
            ps.setLong(2, patient);
            ps.executeUpdate();
        }
    }

    /** The patient's items not yet performed, as bookings. */
    static List<Booking> openItems(Connection c, long patient) throws SQLException {
        List<Booking> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(WorklistItems.SELECT + " WHERE p.pk = ? AND s.status IN " + OPEN
                + " ORDER BY s.pk")) {
            ps.setLong(1, patient);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(WorklistItems.mergeRow(rs));
                }
            }
        }
        return out;
    }
}
