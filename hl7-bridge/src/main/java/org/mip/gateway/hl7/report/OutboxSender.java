package org.mip.gateway.hl7.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.db.Database;
import org.mip.gateway.hl7.mllp.MllpClient;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one sender thread per configured referrer, one message at a time, urgent first,
 * then oldest first. A message is delivered when the ACK whose MSA-2 is its MSH-10 says AA (or CA); AE
 * and timeouts are retried under the same MSH-10 after an exponential backoff, and block the messages
 * behind them so order is kept; AR parks the message as failed and the next one goes.
 *
 * <p>Several gateway nodes may share one PostgreSQL: a sender works on a referrer only while it holds
 * that referrer's {@code hl7_outbox_lane} row ({@code SELECT ... FOR UPDATE SKIP LOCKED}), for the
 * duration of one exchange; the row's outcome is committed in the same transaction. A crash in the
 * middle leaves the message pending, to be sent again under the same control ID (at least once, never
 * under two control IDs).
 */
public final class OutboxSender implements GatewayService {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    /**
     * @param ackTimeout how long to wait for the ACK of one attempt
     * @param backoffBase delay after the first failed attempt, doubled after each further one
     * @param backoffMax the longest delay between attempts
     * @param pollInterval how often an idle lane looks for work (rows from other nodes, after a restart)
     * @param urgentAlertAfter an urgent report not acknowledged this long after submission raises an ERROR
     * @param connectTimeout TCP connect timeout
     */
    public record Settings(Duration ackTimeout, Duration backoffBase, Duration backoffMax, Duration pollInterval,
            Duration urgentAlertAfter, Duration connectTimeout) {
        public static final Settings DEFAULTS = of(Hl7Config.Outbox.DEFAULTS);

        /**
         * The configured {@code hl7.outbox.*} timings; an idle lane polls every 2 s (or sooner when the first
         * backoff is shorter), and connects within 10 s (or the ACK timeout when that is shorter).
         */
        public static Settings of(Hl7Config.Outbox o) {
            Duration poll = Duration.ofSeconds(2);
            Duration connect = Duration.ofSeconds(10);
            return new Settings(o.ackTimeout(), o.initialBackoff(), o.maxBackoff(),
                    o.initialBackoff().compareTo(poll) < 0 ? o.initialBackoff() : poll, o.urgentAlertAfter(),
                    o.ackTimeout().compareTo(connect) < 0 ? o.ackTimeout() : connect);
        }
    }

    private final Database db;
    private final Hl7Config config;
    private final Clock clock;
    private final Settings settings;
    private final MeterRegistry meters;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile ServiceState state = ServiceState.NEW;
    private final Counter urgentOverdue;
    private volatile DeliveryListener deliveries = (entryId, referrerId, controlId, ackCode) -> {};

    /** Told of each ACK received for an outbox message (inside the lane's transaction; must not block long). */
    @FunctionalInterface
    public interface DeliveryListener {
        void acknowledged(long outboxId, String referrerId, String controlId, String ackCode);
    }

    public void onAcknowledged(DeliveryListener listener) {
        this.deliveries = listener;
    }

    public OutboxSender(Database db, Hl7Config config, Clock clock, Settings settings, MeterRegistry meters) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.settings = settings;
        this.meters = meters;
        this.urgentOverdue = Counter.builder("mipgw.hl7.outbox.urgent.overdue")
                .description("urgent reports not acknowledged within the alert time").register(meters);
    }

    @Override
    public String name() {
        return "hl7-outbox";
    }

    @Override
    public synchronized void start() {
        state = ServiceState.STARTING;
        running = true;
        for (Hl7Config.Referrer r : config.referrers()) {
            ensureLaneRow(r.id());
            Lane lane = new Lane(r);
            lanes.put(r.id(), lane);
            Thread t = new Thread(lane::run, "hl7-outbox-" + r.id());
            t.setDaemon(true);
            threads.add(t);
        }
        Thread watchdog = new Thread(this::watchUrgent, "hl7-outbox-urgent");
        watchdog.setDaemon(true);
        threads.add(watchdog);
        threads.forEach(Thread::start);
        state = ServiceState.UP;
        log.info("HL7 outbox sender started for {} referrer(s)", lanes.size());
    }

    /** Wakes the lane of {@code referrerId} (a report was just queued). */
    public void wake(String referrerId) {
        Lane lane = lanes.get(referrerId);
        if (lane != null) {
            lane.signal.release();
        }
    }

    @Override
    public synchronized void stop(Duration grace) {
        state = ServiceState.STOPPING;
        running = false;
        lanes.values().forEach(l -> l.signal.release());
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Lane l : lanes.values()) {
            l.client.close(); // aborts an exchange still waiting: its transaction rolls back, the row stays pending
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        threads.clear();
        lanes.clear();
        state = ServiceState.STOPPED;
    }

    @Override
    public ServiceState state() {
        return state;
    }

    private void ensureLaneRow(String referrerId) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM hl7_outbox_lane WHERE referrer_id = ?")) {
                    ps.setString(1, referrerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return null;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO hl7_outbox_lane (referrer_id) VALUES (?)")) {
                    ps.setString(1, referrerId);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.debug("lane row for {} created concurrently: {}", referrerId, e.toString()); // another node won
        }
    }

    /** Delay before attempt {@code attempts + 1}, after {@code attempts} failed ones. */
    Duration backoff(int attempts) {
        long base = settings.backoffBase().toMillis();
        long delay = base << Math.min(Math.max(0, attempts - 1), 30);
        return Duration.ofMillis(Math.min(delay < 0 ? Long.MAX_VALUE : delay, settings.backoffMax().toMillis()));
    }

    private final class Lane {
        final Hl7Config.Referrer referrer;
        final MllpClient client;
        final Semaphore signal = new Semaphore(0);
        final Timer latency;

        Lane(Hl7Config.Referrer referrer) {
            this.referrer = referrer;
            this.client = new MllpClient(referrer.host(), referrer.port(), settings.connectTimeout(), 1 << 20);
            this.latency = Timer.builder("mipgw.hl7.outbox.delivery.latency")
                    .description("time from a report's submission to its AA")
                    .tag("referrer", referrer.id()).register(meters);
        }

        void run() {
            while (running) {
                Duration wait;
                try {
                    wait = db.inTransaction(this::attempt);
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.warn("outbox lane {}: {}", referrer.id(), e.toString());
                    wait = settings.pollInterval();
                }
                if (wait.isZero()) {
                    continue;
                }
                try {
                    signal.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                } catch (InterruptedException e) {
                    break;
                }
            }
            client.close();
        }

        /** One exchange inside the lane's transaction; returns how long to wait before the next. */
        Duration attempt(Connection c) throws SQLException {
            String lock = "SELECT referrer_id FROM hl7_outbox_lane WHERE referrer_id = ? FOR UPDATE"
                    + (db.dialect() == Database.Dialect.POSTGRESQL ? " SKIP LOCKED" : "");
            try (PreparedStatement ps = c.prepareStatement(lock)) {
                ps.setString(1, referrer.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return settings.pollInterval(); // another node is sending to this referrer
                    }
                }
            }
            long id;
            String controlId;
            String message;
            int attempts;
            Instant next;
            Instant created;
            boolean urgent;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, control_id, message, attempts, next_attempt_at, "
                    + "created_at, urgent FROM hl7_outbox WHERE referrer_id = ? AND state = 'pending' "
                    + "ORDER BY urgent DESC, id ASC")) {
                ps.setString(1, referrer.id());
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return settings.pollInterval();
                    }
                    id = rs.getLong(1);
                    controlId = rs.getString(2);
                    message = rs.getString(3);
                    attempts = rs.getInt(4);
                    next = rs.getTimestamp(5).toInstant();
                    created = rs.getTimestamp(6).toInstant();
                    urgent = rs.getBoolean(7);
                }
            }
            Instant now = clock.instant();
            if (next.isAfter(now)) {
                Duration d = Duration.between(now, next);
                return d.compareTo(settings.pollInterval()) < 0 ? d : settings.pollInterval();
            }
            attempts++;
            String error;
            boolean failed = false;
            try {
                MllpClient.Ack ack = client.exchange(message.getBytes(StandardCharsets.UTF_8), controlId, settings.ackTimeout());
                try {
                    deliveries.acknowledged(id, referrer.id(), controlId, ack.code());
                } catch (RuntimeException e) {
                    log.warn("outbox delivery listener failed: {}", e.toString());
                }
                switch (ack.code()) {
                    case "AA", "CA" -> {
                        Instant done = clock.instant();
                        long latencyMs = Duration.between(created, done).toMillis();
                        update(c, id, "delivered", attempts, now, null, done, latencyMs);
                        latency.record(Duration.ofMillis(latencyMs));
                        log.info("ORU delivered to {} (outbox {}, control ID {}, attempt {}, {} ms{})", referrer.id(), id,
                                controlId, attempts, latencyMs, urgent ? ", URGENT" : "");
                        return Duration.ZERO;
                    }
                    case "AR", "CR" -> {
                        failed = true;
                        error = ack.code() + " " + ack.text();
                    }
                    default -> error = ack.code() + " " + ack.text();
                }
            } catch (SocketTimeoutException e) {
                error = "timeout: " + e.getMessage();
            } catch (IOException e) {
                error = "connection to " + referrer.host() + ":" + referrer.port() + " failed: " + e.getMessage();
            }
            if (!running && !failed && error.startsWith("connection")) {
                // closed by stop(): not an attempt; roll back so the row is untouched
                throw new SQLException("sender stopped during the exchange");
            }
            if (failed) {
                update(c, id, "failed", attempts, now, error, null, null);
                log.warn("ORU to {} rejected, parked as failed (outbox {}, control ID {}): {}", referrer.id(), id, controlId,
                        error);
                return Duration.ZERO;
            }
            Duration delay = backoff(attempts);
            update(c, id, "pending", attempts, now.plus(delay), error, null, null);
            log.info("ORU to {} not acknowledged (outbox {}, control ID {}, attempt {}): {}; retrying in {} ms", referrer.id(),
                    id, controlId, attempts, error, delay.toMillis());
            return Duration.ZERO;
        }

        private void update(Connection c, long id, String state, int attempts, Instant next, String error, Instant delivered,
                Long latencyMs) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE hl7_outbox SET state = ?, attempts = ?, next_attempt_at = ?, "
                    + "last_error = ?, delivered_at = ?, latency_ms = ? WHERE id = ?")) {
                ps.setString(1, state);
                ps.setInt(2, attempts);
                ps.setTimestamp(3, Timestamp.from(next));
                ps.setString(4, error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error);
                ps.setTimestamp(5, delivered == null ? null : Timestamp.from(delivered));
                if (latencyMs == null) {
                    ps.setNull(6, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(6, latencyMs);
                }
                ps.setLong(7, id);
                ps.executeUpdate();
            }
        }
    }

    private void watchUrgent() {
        while (running) {
            try {
                checkUrgent();
            } catch (RuntimeException e) {
                log.warn("urgent report check failed: {}", e.toString());
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Logs one ERROR per urgent report not acknowledged within the alert time (no patient data). */
    void checkUrgent() {
        Instant limit = clock.instant().minus(settings.urgentAlertAfter());
        List<Object[]> overdue = db.inTransaction(c -> {
            List<Object[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, referrer_id, control_id, state, attempts, last_error "
                    + "FROM hl7_outbox WHERE urgent = TRUE AND alerted = FALSE AND state <> 'delivered' AND created_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getString(6)});
                    }
                }
            }
            List<Object[]> mine = new ArrayList<>();
            for (Object[] row : out) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE hl7_outbox SET alerted = TRUE WHERE id = ? AND alerted = FALSE")) {
                    ps.setLong(1, (Long) row[0]);
                    if (ps.executeUpdate() == 1) {
                        mine.add(row);
                    }
                }
            }
            return mine;
        });
        for (Object[] row : overdue) {
            urgentOverdue.increment();
            log.error("URGENT report not acknowledged by {} within {} s: outbox {}, control ID {}, state {}, {} attempt(s), "
                    + "last error: {}", row[1], settings.urgentAlertAfter().toSeconds(), row[0], row[2], row[3], row[4], row[5]);
        }
    }
}
