package org.mip.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mip.gateway.db.Database;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as a service: started after the database, it owns the {@link AuditLog} and one
 * background writer for events raised where blocking is not allowed (Netty event loops). Stopped
 * before the database, it first writes what is queued.
 */
public final class AuditService implements GatewayService, AuditSink {
    private static final Logger logger = LoggerFactory.getLogger(AuditService.class);
    private static final int QUEUE = 10_000;

    private final Supplier<Database> database;
    private final Clock clock;
    private volatile AuditLog log;
    private volatile ThreadPoolExecutor writer;
    private volatile ServiceState state = ServiceState.NEW;

    public AuditService(Supplier<Database> database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public void start() {
        log = new AuditLog(database.get(), clock);
        writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "audit-writer");
                    t.setDaemon(true);
                    return t;
                });
        state = ServiceState.UP;
    }

    public AuditLog log() {
        AuditLog l = log;
        if (l == null) {
            throw new IllegalStateException("audit is not started");
        }
        return l;
    }

    /**
     * Records an event without blocking the caller (for Netty event loops): it is written by the
     * background writer. An event raised before start or after stop, or when the queue is full, is
     * logged as dropped at WARN (without its detail, which may identify a patient).
     */
    public void recordLater(String action, AuditEvent.Outcome outcome, String actor, String source, String detail) {
        recordLater(action, outcome, actor, source, detail, null);
    }

    /** As {@link #recordLater(String, AuditEvent.Outcome, String, String, String)}, about patient {@code patientId}. */
    @Override
    public void recordLater(String action, AuditEvent.Outcome outcome, String actor, String source, String detail,
            String patientId) {
        later(action, source, l -> l.record(action, outcome, actor, source, detail, patientId));
    }

    /**
     * Runs {@code work} on the background writer, in order with the events recorded later: for events that
     * need a database read first (e.g. the studies of the instances an association stored), so that the
     * caller neither blocks nor pays that read. Dropped like {@link #recordLater} events; {@code action} and
     * {@code source} only name it in that warning.
     */
    public void later(String action, String source, Consumer<AuditLog> work) {
        ThreadPoolExecutor w = writer;
        AuditLog l = log;
        if (w == null || l == null || state != ServiceState.UP) {
            logger.warn("audit event {} from {} dropped: audit is not running", action, source);
            return;
        }
        try {
            w.execute(() -> {
                try {
                    work.accept(l);
                } catch (RuntimeException e) {
                    logger.warn("audit event {} from {} not written: {}", action, source, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            logger.warn("audit event {} from {} dropped: the audit queue is full", action, source);
        }
    }

    @Override
    public void stop(Duration grace) {
        state = ServiceState.STOPPING;
        ThreadPoolExecutor w = writer;
        if (w != null) {
            w.shutdown();
            try {
                w.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state = ServiceState.STOPPED;
    }

    @Override
    public ServiceState state() {
        return state;
    }
}
