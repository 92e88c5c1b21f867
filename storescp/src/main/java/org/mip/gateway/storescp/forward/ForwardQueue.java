package org.mip.gateway.storescp.forward;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mip.gateway.db.Database;

/**
 * The durable forward queue ({@code st_forward_job}): one job per stored copy and destination, inserted by
 * the archive in the transaction that indexes the copy. Jobs are claimed with a lease ({@code SENDING},
 * {@code next_attempt_at} = now + lease): a node that dies while sending leaves them to be claimed again
 * once the lease runs out, by itself after a restart or by another node. On PostgreSQL the claim uses
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, so nodes sharing the database never claim the same job.
 */
public final class ForwardQueue {
    /** A claimed job: its file relative to {@code archive.dir}, and how many attempts were made including this one. */
    public record Job(long pk, String destination, Path path, int attempt) {}

    private final Database db;
    private final Clock clock;

    public ForwardQueue(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Claims up to {@code limit} due jobs of {@code destination}, oldest due first, for {@code lease}. */
    public List<Job> claim(String destination, int limit, Duration lease) {
        return db.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<long[]> picked = new ArrayList<>();
            // The row lock (FOR UPDATE) is taken on the job table alone: H2 and PostgreSQL both allow that.
            String sql = "SELECT pk, attempts FROM st_forward_job WHERE destination = ? AND state IN ('PENDING', "
                    + "'SENDING') AND next_attempt_at <= ? ORDER BY next_attempt_at, pk LIMIT ? FOR UPDATE"
                    + (db.dialect() == Database.Dialect.POSTGRESQL ? " SKIP LOCKED" : "");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, destination);
                ps.setTimestamp(2, now);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        picked.add(new long[] {rs.getLong(1), rs.getInt(2)});
                    }
                }
            }
            if (picked.isEmpty()) {
                return List.of();
            }
            Timestamp until = Timestamp.from(clock.instant().plus(lease));
            List<Job> jobs = new ArrayList<>(picked.size());
            try (PreparedStatement up = c.prepareStatement("UPDATE st_forward_job SET state = 'SENDING', attempts = "
                    + "attempts + 1, next_attempt_at = ?, updated_at = ? WHERE pk = ?");
                 PreparedStatement path = c.prepareStatement(
                    "SELECT f.path FROM st_forward_job j JOIN st_instance_file f ON f.pk = j.file_fk WHERE j.pk = ?")) {
                for (long[] p : picked) {
                    up.setTimestamp(1, until);
                    up.setTimestamp(2, now);
                    up.setLong(3, p[0]);
                    up.addBatch();
                    path.setLong(1, p[0]);
                    try (ResultSet rs = path.executeQuery()) {
                        rs.next();
                        jobs.add(new Job(p[0], destination, Path.of(rs.getString(1)), (int) p[1] + 1));
                    }
                }
                up.executeBatch();
            }
            return jobs;
        });
    }

    public void done(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_forward_job SET state = 'DONE', last_error = "
                    + "NULL, updated_at = ? WHERE pk = ?")) {
                for (Job j : jobs) {
                    ps.setTimestamp(1, now);
                    ps.setLong(2, j.pk());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Schedules the job again at {@code next}, or gives up ({@code FAILED}) when {@code next} is null. */
    public void failed(Job job, String error, Instant next) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE st_forward_job SET state = ?, next_attempt_at = ?, "
                    + "last_error = ?, updated_at = ? WHERE pk = ?")) {
                ps.setString(1, next == null ? "FAILED" : "PENDING");
                ps.setTimestamp(2, Timestamp.from(next == null ? clock.instant() : next));
                ps.setString(3, error == null ? null : error.length() > 1024 ? error.substring(0, 1024) : error);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.setLong(5, job.pk());
                return ps.executeUpdate();
            }
        });
    }

    /** Jobs by state ({@code PENDING}, {@code SENDING}, {@code DONE}, {@code FAILED}) for one destination, or all (null). */
    public Map<String, Long> counts(String destination) {
        return db.inTransaction(c -> counts(c, destination));
    }

    private static Map<String, Long> counts(Connection c, String destination) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        String sql = "SELECT state, COUNT(*) FROM st_forward_job" + (destination == null ? "" : " WHERE destination = ?")
                + " GROUP BY state ORDER BY state";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (destination != null) {
                ps.setString(1, destination);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** When a job that failed its {@code attempt}-th time is tried again: base × 2^(attempt-1), at most {@code max}. */
    public static Duration backoff(int attempt, Duration base, Duration max) {
        int shift = Math.max(0, Math.min(30, attempt - 1));
        Duration d = base.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }
}
