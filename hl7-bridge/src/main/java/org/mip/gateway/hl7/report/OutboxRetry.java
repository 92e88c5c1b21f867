package org.mip.gateway.hl7.report;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;
import org.mip.gateway.db.Database;

/**
 * An operator's "send again" for an outbox entry: a failed (parked) or pending report becomes due now,
 * with the same control ID (MSH-10) as before. A delivered report is left alone.
 */
public final class OutboxRetry {
    private final Database db;

    public OutboxRetry(Database db) {
        this.db = db;
    }

    /** The entry after the change; empty when there is no such entry. Unchanged when already delivered. */
    public Optional<OutboxEntry> retry(long id, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE hl7_outbox SET state = 'pending', next_attempt_at = ? "
                    + "WHERE id = ? AND state IN ('pending', 'failed')")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(now));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return Optional.ofNullable(Outbox.get(c, id));
        });
    }
}
