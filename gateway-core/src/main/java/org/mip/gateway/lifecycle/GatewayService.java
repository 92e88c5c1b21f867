package org.mip.gateway.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * A part of the gateway that the launcher starts in order and stops in reverse order: the
 * database, the DICOM listener, the MLLP listener, the HTTP API, senders and queues.
 */
public interface GatewayService {
    /** Short, stable name used in logs and in {@code GET /health}, e.g. {@code database}, {@code dicom}. */
    String name();

    /** Starts the service; returns once it is serving. Throws to abort the gateway's start. */
    void start() throws Exception;

    /**
     * Stops accepting new work, lets work in flight finish for at most {@code grace}, then releases
     * everything. Must not throw.
     */
    void stop(Duration grace);

    /** Current state, cheap to call (used by health checks). */
    ServiceState state();

    /** What an operator can connect to, e.g. {@code DICOM MIPGW@0.0.0.0:11112}; empty when nothing listens. */
    default List<String> endpoints() {
        return List.of();
    }
}
