package org.mip.gateway.net.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import io.netty.util.concurrent.EventExecutor;

/**
 * Hands one association's service work to the shared bounded executor, in order. When the executor is
 * full, the work waits here, the association stops reading (back-pressure, via {@code onFull}) and the
 * submission is retried from the event loop until the executor takes it (then {@code onDrained}).
 * Used on the event loop only.
 */
final class WorkQueue {
    private static final long RETRY_MILLIS = 5;

    private final Executor executor;
    private final EventExecutor eventLoop;
    private final Runnable onFull;
    private final Runnable onDrained;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean retryScheduled;
    private boolean closed;

    WorkQueue(Executor executor, EventExecutor eventLoop, Runnable onFull, Runnable onDrained) {
        this.executor = executor;
        this.eventLoop = eventLoop;
        this.onFull = onFull;
        this.onDrained = onDrained;
    }

    void submit(Runnable task) {
        waiting.add(task);
        if (waiting.size() == 1) {
            drain();
        }
    }

    void close() {
        closed = true;
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            try {
                executor.execute(waiting.peek());
                waiting.poll();
            } catch (RejectedExecutionException e) {
                if (closed) {
                    waiting.clear();
                    return;
                }
                if (!retryScheduled) {
                    retryScheduled = true;
                    onFull.run();
                    eventLoop.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
    }

    private void retry() {
        drain();
        if (waiting.isEmpty()) {
            retryScheduled = false;
            onDrained.run();
        } else {
            eventLoop.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
