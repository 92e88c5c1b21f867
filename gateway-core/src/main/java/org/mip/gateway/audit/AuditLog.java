package org.mip.gateway.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.db.Database;

/** Writes and reads the {@code audit_event} table of the {@code core} schema. */
public final class AuditLog {
    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records one event, committed before this returns. */
    public AuditEvent record(String action, AuditEvent.Outcome outcome, String actor, String source, String detail) {
        AuditEvent e = new AuditEvent(clock.instant(), action, outcome, clip(actor, 128), clip(source, 256), clip(detail, 4000));
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_event (occurred_at, action, outcome, actor, source, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setTimestamp(1, Timestamp.from(e.occurredAt()));
                ps.setString(2, e.action());
                ps.setString(3, e.outcome().name());
                ps.setString(4, e.actor());
                ps.setString(5, e.source());
                ps.setString(6, e.detail());
                return ps.executeUpdate();
            }
        });
        return e;
    }

    /** The newest {@code limit} events, newest first. */
    public List<AuditEvent> latest(int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT occurred_at, action, outcome, actor, source, detail FROM audit_event ORDER BY id DESC")) {
                ps.setMaxRows(limit);
                List<AuditEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEvent(rs.getTimestamp(1).toInstant(), rs.getString(2),
                                AuditEvent.Outcome.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                                rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
