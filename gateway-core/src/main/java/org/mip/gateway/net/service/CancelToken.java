package org.mip.gateway.net.service;

/**
 * Set when the peer sent a C-CANCEL-RQ for the request (PS3.7 9.3.2.3); the long-running services
 * (C-FIND, later C-GET/C-MOVE) poll it between responses. Thread-safe.
 */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
