package org.mip.gateway.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.mip.gateway.config.AuditConfig;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the audit trail to a syslog collector (RFC 5424). The database is the queue: every module
 * commits its events to {@code audit_event} first, whatever becomes of syslog; this background thread
 * follows the table by id and sends what is new, in order. While the collector is unreachable it keeps
 * its place and retries with backoff, so a syslog outage neither loses database records nor blocks
 * anyone, and the collector receives the backlog when it returns (as long as the process runs: the place
 * is kept in memory and starts at the newest event when the gateway starts).
 */
public final class AuditForwarder implements GatewayService {
    private static final Logger log = LoggerFactory.getLogger(AuditForwarder.class);
    private static final int BATCH = 500;

    private final Supplier<AuditLog> audit;
    private final AuditConfig.Syslog target;
    private final Duration poll;
    private final String hostname;
    private final String procId;
    private volatile long cursor;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean connected = true;
    private volatile ServiceState state = ServiceState.NEW;

    public AuditForwarder(Supplier<AuditLog> audit, AuditConfig.Syslog target) {
        this(audit, target, Duration.ofMillis(500));
    }

    AuditForwarder(Supplier<AuditLog> audit, AuditConfig.Syslog target, Duration poll) {
        this.audit = audit;
        this.target = target;
        this.poll = poll;
        this.hostname = localHostname();
        this.procId = Long.toString(ProcessHandle.current().pid());
    }

    @Override
    public String name() {
        return "audit-syslog";
    }

    @Override
    public void start() {
        state = ServiceState.STARTING;
        cursor = audit.get().lastId();
        running = true;
        Thread t = new Thread(this::run, "audit-syslog");
        t.setDaemon(true);
        thread = t;
        t.start();
        state = ServiceState.UP;
        log.info("audit trail copied to syslog (RFC 5424) at {}://{}:{}", target.protocol().key(), target.host(),
                target.port());
    }

    /** The id of the last event handed to the collector. */
    public long cursor() {
        return cursor;
    }

    private void run() {
        Duration backoff = poll;
        try (SyslogSender sender = new SyslogSender(target)) {
            while (running) {
                try {
                    List<AuditEvent> batch = audit.get().after(cursor, BATCH);
                    for (AuditEvent e : batch) {
                        sender.send(SyslogMessage.format(e, hostname, "mipgw", procId));
                        cursor = e.id();
                    }
                    if (!connected && !batch.isEmpty()) {
                        log.info("audit syslog {}:{} reachable again; forwarding resumed", target.host(), target.port());
                        connected = true;
                    }
                    backoff = poll;
                    if (batch.size() == BATCH) {
                        continue;
                    }
                } catch (IOException e) {
                    if (connected) {
                        log.warn("audit syslog {} {}:{} unreachable ({}); the database trail is complete, "
                                + "forwarding will resume", target.protocol().key(), target.host(), target.port(),
                                e.getMessage());
                        connected = false;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.warn("audit forwarding: {}", e.toString());
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    @Override
    public void stop(Duration grace) {
        state = ServiceState.STOPPING;
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Math.max(1, Math.min(grace.toMillis(), 5000)));
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


    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }
}
