package org.mip.gateway.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.mip.gateway.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges over the HL7 outbox table: reports pending, the age of the oldest pending one and urgent
 * reports pending ({@code mipgw_hl7_outbox_pending}, {@code mipgw_hl7_outbox_oldest_pending_age_seconds},
 * {@code mipgw_hl7_outbox_urgent_pending}). One indexed query serves all three and is cached for
 * {@link #TTL}, so frequent scrapes cost the database nothing more; before the database is up they read 0.
 */
public final class OutboxGauges {
    static final Duration TTL = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(OutboxGauges.class);

    private record Snapshot(long pending, long urgent, Instant oldest, long takenAt) {}

    private final Supplier<Database> database;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public OutboxGauges(Supplier<Database> database, Clock clock, MeterRegistry registry) {
        this.database = database;
        this.clock = clock;
        Gauge.builder("mipgw.hl7.outbox.pending", this, g -> g.read().pending())
                .strongReference(true)
                .description("reports waiting for delivery (ORU^R01 not yet acknowledged)").register(registry);
        Gauge.builder("mipgw.hl7.outbox.urgent.pending", this, g -> g.read().urgent())
                .strongReference(true).description("urgent reports waiting for delivery").register(registry);
        Gauge.builder("mipgw.hl7.outbox.oldest.pending.age", this, g -> {
            Snapshot s = g.read();
            return s.oldest() == null ? 0 : Math.max(0, Duration.between(s.oldest(), clock.instant()).toMillis() / 1000.0);
        }).strongReference(true).baseUnit("seconds").description("age of the oldest report waiting for delivery").register(registry);
    }

    private Snapshot read() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.takenAt() < TTL.toNanos()) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && now - s.takenAt() < TTL.toNanos()) {
                return s;
            }
            s = query(now);
            snapshot = s;
            return s;
        }
    }

    private Snapshot query(long now) {
        try {
            Database db = database.get();
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), "
                        + "COALESCE(SUM(CASE WHEN urgent THEN 1 ELSE 0 END), 0), MIN(created_at) "
                        + "FROM hl7_outbox WHERE state = 'pending'"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Timestamp oldest = rs.getTimestamp(3);
                    return new Snapshot(rs.getLong(1), rs.getLong(2), oldest == null ? null : oldest.toInstant(), now);
                }
            });
        } catch (RuntimeException e) {
            log.debug("outbox gauges not read: {}", e.toString());
            return new Snapshot(0, 0, null, now);
        }
    }

    /** Forgets the cached figures (tests). */
    public void invalidate() {
        snapshot = null;
    }
}
