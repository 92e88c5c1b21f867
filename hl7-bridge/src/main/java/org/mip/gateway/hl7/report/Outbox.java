package org.mip.gateway.hl7.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.db.Database;

/** The {@code hl7_outbox} table of schema {@code hl7}: reports waiting for, or done with, delivery. */
public final class Outbox {
    static final String COLUMNS = "id, referrer_id, control_id, accession_no, result_status, urgent, state, attempts, "
            + "next_attempt_at, last_error, created_at, delivered_at, latency_ms";

    private final Database db;

    public Outbox(Database db) {
        this.db = db;
    }

    /** Adds a pending report, committed when this returns. */
    public OutboxEntry add(String referrerId, String controlId, String accessionNumber, String resultStatus,
            boolean urgent, String message, Instant now) {
        return db.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hl7_outbox (referrer_id, control_id, accession_no, "
                    + "result_status, urgent, message, state, attempts, next_attempt_at, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)", new String[] {"id"})) {
                ps.setString(1, referrerId);
                ps.setString(2, controlId);
                ps.setString(3, accessionNumber);
                ps.setString(4, resultStatus);
                ps.setBoolean(5, urgent);
                ps.setString(6, message);
                ps.setTimestamp(7, Timestamp.from(now));
                ps.setTimestamp(8, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            return get(c, id);
        });
    }

    /** Entries in {@code state} (all when {@code null}), newest first, at most {@code limit}. */
    public List<OutboxEntry> list(OutboxEntry.State state, int limit) {
        return db.inTransaction(c -> {
            String sql = "SELECT " + COLUMNS + " FROM hl7_outbox" + (state == null ? "" : " WHERE state = ?") + " ORDER BY id DESC";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (state != null) {
                    ps.setString(1, state.dbValue());
                }
                ps.setMaxRows(limit);
                List<OutboxEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    public OutboxEntry get(long id) {
        return db.inTransaction(c -> get(c, id));
    }

    static OutboxEntry get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM hl7_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    static OutboxEntry row(ResultSet rs) throws SQLException {
        long latency = rs.getLong(13);
        Long latencyMs = rs.wasNull() ? null : latency;
        return new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), OutboxEntry.State.of(rs.getString(7)), rs.getInt(8), instant(rs.getTimestamp(9)),
                rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), latencyMs);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
