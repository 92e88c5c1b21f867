package org.mip.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.db.Database;

/** Writes and reads the {@code audit_event} table of the {@code core} schema. */
public final class AuditLog {
    private static final String COLUMNS = "id, occurred_at, action, outcome, actor, source, detail, patient_id";

    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records one event, committed before this returns. */
    public AuditEvent record(String action, AuditEvent.Outcome outcome, String actor, String source, String detail) {
        return record(action, outcome, actor, source, detail, null);
    }

    /** Records one event about the patient {@code patientId} (null when none), committed before this returns. */
    public AuditEvent record(String action, AuditEvent.Outcome outcome, String actor, String source, String detail,
            String patientId) {
        AuditEvent e = new AuditEvent(0, clock.instant(), action, outcome, clip(actor, 128), clip(source, 256),
                clip(detail, 4000), patientId == null || patientId.isBlank() ? null : clip(patientId.strip(), 64));
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (occurred_at, action, outcome, actor, "
                    + "source, detail, patient_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setTimestamp(1, Timestamp.from(e.occurredAt()));
                ps.setString(2, e.action());
                ps.setString(3, e.outcome().name());
                ps.setString(4, e.actor());
                ps.setString(5, e.source());
                ps.setString(6, e.detail());
                ps.setString(7, e.patientId());
                return ps.executeUpdate();
            }
        });
        return e;
    }

    /** The newest {@code limit} events, newest first. */
    public List<AuditEvent> latest(int limit) {
        return query(AuditQuery.all(limit));
    }

    /** The events matching {@code q}, newest first. */
    public List<AuditEvent> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(q.to()));
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.patientId() != null) {
            sql.append(" AND patient_id = ?");
            args.add(q.patientId());
        }
        sql.append(" ORDER BY id DESC");
        return db.inTransaction(c -> select(c, sql.toString(), args, q.limit()));
    }

    /** Up to {@code limit} events stored after the one with id {@code afterId}, oldest first (for forwarding). */
    public List<AuditEvent> after(long afterId, int limit) {
        return db.inTransaction(c -> select(c, "SELECT " + COLUMNS + " FROM audit_event WHERE id > ? ORDER BY id",
                List.of(afterId), limit));
    }

    /** The id of the newest event, 0 when there is none. */
    public long lastId() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM audit_event");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static List<AuditEvent> select(Connection c, String sql, List<Object> args, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit);
            List<AuditEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            AuditEvent.Outcome.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        }
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
