package org.mip.gateway.net.service;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests an association is serving, by Message ID: routes C-CANCEL-RQ to the right {@link
 * CancelToken} and detects a Message ID used again while its request is still being served (status
 * 0210H duplicate invocation, PS3.7 C.5.x). One per association; thread-safe.
 */
public final class ActiveRequests {
    private final ConcurrentHashMap<Integer, CancelToken> active = new ConcurrentHashMap<>();

    /** A token for a new request, or {@code null} when {@code messageId} is already being served. */
    public CancelToken start(int messageId) {
        CancelToken token = new CancelToken();
        return active.putIfAbsent(messageId, token) == null ? token : null;
    }

    /** The request is answered (its final response sent). */
    public void finish(int messageId) {
        active.remove(messageId);
    }

    /**
     * Cancels the request that C-CANCEL-RQ's Message ID Being Responded To names; {@code false} when it
     * is not (or no longer) being served, which PS3.7 lets the SCP ignore.
     */
    public boolean cancel(int messageIdBeingRespondedTo) {
        CancelToken token = active.get(messageIdBeingRespondedTo);
        if (token == null) {
            return false;
        }
        token.cancel();
        return true;
    }

    public int size() {
        return active.size();
    }
}
