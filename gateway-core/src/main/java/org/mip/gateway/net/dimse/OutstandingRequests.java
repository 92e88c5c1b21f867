package org.mip.gateway.net.dimse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mip.gateway.dicom.data.Attributes;

/**
 * The requests one end of an association has invoked and awaits responses to, by Message ID; used by
 * whichever end invokes (the SCU's requests, or an SCP's N-EVENT-REPORT to its SCU). A response is
 * matched by its Message ID Being Responded To (0000,0120), which PS3.7 9.3 and 10.3 require to equal
 * the request's Message ID (0000,0110); Pending responses (PS3.7 C.2) are collected until the final one,
 * which completes the request's future with all of them. A response data set is collected in memory (at
 * most {@link #MAX_RESPONSE_DATA_SET} bytes) and decoded in the transfer syntax of the request's
 * presentation context (PS3.7 6.3.1: a response travels on its request's context).
 *
 * <p>Message IDs come from {@link #nextMessageId()}: 1 to 65535, after the previous one, skipping
 * those still outstanding. A request waits at most the duration given to {@link #startTimer}; when
 * the association ends, {@link #close} fails every request still waiting, and every later one.
 * Thread-safe: requests register on any thread, responses are routed on the reading thread; futures
 * are completed outside the lock.
 */
public final class OutstandingRequests {
    /** Largest response data set collected in memory. */
    public static final int MAX_RESPONSE_DATA_SET = 64 << 20;

    private final Map<Integer, Pending> pending = new HashMap<>();
    private int lastMessageId;
    private Throwable closed;

    private static final class Pending {
        final DimseRequest request;
        final String transferSyntax;
        final List<Reply> replies = new ArrayList<>();
        final CompletableFuture<List<Reply>> future = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Pending(DimseRequest request, String transferSyntax) {
            this.request = request;
            this.transferSyntax = transferSyntax;
        }
    }

    /** A Message ID that no outstanding request has: the one after the last given, 1 after 65535. */
    public synchronized int nextMessageId() {
        for (int i = 0; i < 0xFFFF; i++) {
            lastMessageId = lastMessageId % 0xFFFF + 1;
            if (!pending.containsKey(lastMessageId)) {
                return lastMessageId;
            }
        }
        throw new IllegalStateException("65535 requests outstanding");
    }

    /**
     * Registers {@code request}, whose data set (if any) and responses' use {@code transferSyntax}. The
     * future completes with every response, the final one last; it has already failed when {@link
     * #close} was called.
     *
     * @throws IllegalStateException when a request with the same Message ID is outstanding
     */
    public CompletableFuture<List<Reply>> register(DimseRequest request, String transferSyntax) {
        Pending p = new Pending(request, transferSyntax);
        Throwable failure;
        synchronized (this) {
            failure = closed;
            if (failure == null) {
                if (pending.putIfAbsent(request.messageId(), p) != null) {
                    throw new IllegalStateException("Message ID " + request.messageId() + " is outstanding");
                }
                return p.future;
            }
        }
        p.future.completeExceptionally(failure);
        return p.future;
    }

    /**
     * Starts waiting for the response to {@code messageId}, once its request is written: after {@code
     * timeout} {@code onExpiry} runs (e.g. the SCU aborts the association), then the future fails with a
     * {@link TimeoutException}. Nothing happens when the response came already.
     */
    public void startTimer(int messageId, Duration timeout, ScheduledExecutorService timer, Runnable onExpiry) {
        synchronized (this) {
            Pending p = pending.get(messageId);
            if (p == null) {
                return;
            }
            long millis = timeout.toMillis();
            p.timeout = timer.schedule(() -> {
                if (remove(messageId, p)) {
                    // the expiry action first, so that whoever sees the timeout finds it done
                    try {
                        onExpiry.run();
                    } finally {
                        p.future.completeExceptionally(new TimeoutException("no " + p.request.commandField()
                                + " response within " + millis + " ms"));
                    }
                }
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Gives up on {@code messageId} (its request could not be sent); no-op when it is not outstanding. */
    public void fail(int messageId, Throwable cause) {
        Pending p;
        synchronized (this) {
            p = pending.remove(messageId);
        }
        if (p != null) {
            cancelTimer(p);
            p.future.completeExceptionally(cause);
        }
    }

    /**
     * Routes {@code response} to the request it answers. Returns the sink its data set goes to (when it
     * has one; {@link DataSetSink#DISCARD} otherwise), or {@code null} when no outstanding request has
     * its Message ID Being Responded To (late after a timeout, or never sent): the caller logs and
     * discards it.
     */
    public DataSetSink route(DimseResponse response) {
        Pending p;
        synchronized (this) {
            p = pending.get(response.messageIdBeingRespondedTo());
        }
        if (p == null) {
            return null;
        }
        if (!response.hasDataSet()) {
            reply(p, response, null);
            return DataSetSink.DISCARD;
        }
        return new BufferingSink(MAX_RESPONSE_DATA_SET, bytes -> {
            Attributes dataSet;
            try {
                dataSet = DataSetCodec.decode(bytes, p.transferSyntax);
            } catch (IOException | RuntimeException e) {
                failPending(p, new IOException("undecodable " + response.commandField() + " data set: "
                        + e.getMessage(), e));
                return;
            }
            reply(p, response, dataSet);
        }, why -> failPending(p, new IOException(response.commandField() + " " + why)));
    }

    private void reply(Pending p, DimseResponse response, Attributes dataSet) {
        synchronized (this) {
            p.replies.add(new Reply(response, dataSet));
            if (response.isPending() || !remove(response.messageIdBeingRespondedTo(), p)) {
                return;
            }
        }
        cancelTimer(p);
        p.future.complete(List.copyOf(p.replies));
    }

    private void failPending(Pending p, Throwable cause) {
        if (remove(p.request.messageId(), p)) {
            cancelTimer(p);
            p.future.completeExceptionally(cause);
        }
    }

    private synchronized boolean remove(int messageId, Pending p) {
        return pending.remove(messageId, p);
    }

    private void cancelTimer(Pending p) {
        ScheduledFuture<?> t;
        synchronized (this) {
            t = p.timeout;
        }
        if (t != null) {
            t.cancel(false);
        }
    }

    /**
     * The association ended (or can no longer carry responses): fails every outstanding request with
     * {@code cause}, and makes {@link #register} fail every later one with it. Only the first call counts.
     */
    public void close(Throwable cause) {
        List<Pending> failed;
        synchronized (this) {
            if (closed != null) {
                return;
            }
            closed = cause;
            failed = List.copyOf(pending.values());
            pending.clear();
        }
        for (Pending p : failed) {
            cancelTimer(p);
            p.future.completeExceptionally(cause);
        }
    }

    /** Whether {@link #close} was called. */
    public synchronized boolean isClosed() {
        return closed != null;
    }

    /** Requests awaiting their final response. */
    public synchronized int size() {
        return pending.size();
    }
}
