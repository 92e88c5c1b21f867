package org.mip.gateway.net.dimse;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A data set as an {@link InputStream} that is readable while its fragments are still arriving: the
 * reader's thread (the event loop) pushes fragments in as a {@link DataSetSink}, a worker thread (the
 * service) pulls bytes out, e.g. {@code stream.transferTo(fileChannel)} for a C-STORE, or a data set
 * parser for an identifier.
 *
 * <p><b>Back-pressure.</b> Fragments are queued without copying. When the queued bytes reach the high
 * watermark, {@link FlowControl#pause()} stops the producer (auto-read off); when the consumer has
 * drained them to the low watermark, {@link FlowControl#resume()} lets it go on. Memory per stream is so
 * bounded by the high watermark plus what the producer had already read when it was paused (one
 * socket read, at most a few PDUs).
 *
 * <p><b>End.</b> {@link #read()} returns -1 after the last fragment; it throws an {@link IOException}
 * whose cause is the abort reason once the data set was aborted. {@link #close()} by the consumer
 * before the end discards the rest (fragments still arriving are released at once, flow is resumed),
 * so a service that gives up early never stalls the association.
 *
 * <p>Thread-safe for one producer and one consumer.
 */
public final class DataSetStream extends InputStream implements DataSetSink {
    /** Default high watermark: 4 MiB queued. */
    public static final int DEFAULT_HIGH_WATERMARK = 4 << 20;
    /** Default low watermark: 1 MiB queued. */
    public static final int DEFAULT_LOW_WATERMARK = 1 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final long highWatermark;
    private final long lowWatermark;
    private final FlowControl flow;
    private final long readTimeoutNanos;
    private long queuedBytes;
    private long totalBytes;
    private boolean paused;
    private boolean ended;
    private boolean closed;
    private Throwable abortCause;

    public DataSetStream(FlowControl flow) {
        this(flow, DEFAULT_HIGH_WATERMARK, DEFAULT_LOW_WATERMARK, 0);
    }

    /**
     * @param readTimeoutMillis how long a read waits for the next fragment before it fails with an
     *     {@link InterruptedIOException}; 0 waits until the data set ends or is aborted
     */
    public DataSetStream(FlowControl flow, long highWatermark, long lowWatermark, long readTimeoutMillis) {
        if (lowWatermark < 0 || highWatermark <= lowWatermark) {
            throw new IllegalArgumentException("need 0 <= low < high watermark: " + lowWatermark + ", " + highWatermark);
        }
        this.flow = flow;
        this.highWatermark = highWatermark;
        this.lowWatermark = lowWatermark;
        this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
    }

    // ---- producer side ------------------------------------------------------------------------

    @Override
    public void onFragment(ByteBuf fragment) {
        lock.lock();
        try {
            if (closed || abortCause != null || ended) {
                fragment.release();
                return;
            }
            int n = fragment.readableBytes();
            totalBytes += n;
            if (n == 0) {
                fragment.release();
                return;
            }
            queue.add(fragment);
            queuedBytes += n;
            if (!paused && queuedBytes >= highWatermark) {
                paused = true;
                flow.pause();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onEnd() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onAbort(Throwable cause) {
        lock.lock();
        try {
            if (ended || abortCause != null) {
                return;
            }
            abortCause = cause != null ? cause : new IOException("data set aborted");
            releaseQueued();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side ------------------------------------------------------------------------

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            ByteBuf head = awaitHead();
            if (head == null) {
                return -1;
            }
            int n = Math.min(len, head.readableBytes());
            head.readBytes(b, off, n);
            consumed(head, n);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the rest of the data set to {@code channel} (a {@code FileChannel} for C-STORE) fragment
     * by fragment, without copying through a byte array, as the fragments arrive.
     *
     * @return the number of bytes written
     */
    public long transferTo(WritableByteChannel channel) throws IOException {
        long written = 0;
        while (true) {
            ByteBuf head;
            lock.lock();
            try {
                head = awaitHead();
                if (head == null) {
                    return written;
                }
                queue.poll();
                // keep the bytes counted as queued until written, so back-pressure holds meanwhile
            } finally {
                lock.unlock();
            }
            int n = head.readableBytes();
            try {
                for (ByteBuffer nio : head.nioBuffers()) {
                    while (nio.hasRemaining()) {
                        channel.write(nio);
                    }
                }
            } finally {
                head.release();
                lock.lock();
                try {
                    queuedBytes = Math.max(0, queuedBytes - n); // an abort meanwhile reset it
                    maybeResume();
                } finally {
                    lock.unlock();
                }
            }
            written += n;
        }
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        long written = 0;
        byte[] buffer = new byte[16384];
        for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
            out.write(buffer, 0, n);
            written += n;
        }
        return written;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading: queued and later fragments are discarded, a paused producer is resumed. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseQueued();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the last fragment has arrived (not necessarily been read). */
    public boolean isComplete() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes received so far, read or not. */
    public long receivedBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Waits (holding the lock) for a readable head fragment; {@code null} at the end of the data set. */
    private ByteBuf awaitHead() throws IOException {
        long deadline = readTimeoutNanos > 0 ? System.nanoTime() + readTimeoutNanos : 0;
        while (true) {
            if (closed) {
                throw new IOException("data set stream closed");
            }
            if (abortCause != null) {
                throw new IOException("data set aborted: " + abortCause.getMessage(), abortCause);
            }
            ByteBuf head = queue.peek();
            if (head != null) {
                return head;
            }
            if (ended) {
                return null;
            }
            try {
                if (deadline == 0) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new InterruptedIOException("no data set fragment within "
                                + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
                    }
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a data set fragment");
            }
        }
    }

    private void consumed(ByteBuf head, int n) {
        queuedBytes -= n;
        if (!head.isReadable()) {
            queue.poll();
            head.release();
        }
        maybeResume();
    }

    private void maybeResume() {
        if (paused && queuedBytes <= lowWatermark) {
            paused = false;
            flow.resume();
        }
    }

    private void releaseQueued() {
        for (ByteBuf b; (b = queue.poll()) != null; ) {
            b.release();
        }
        queuedBytes = 0;
        if (paused) {
            paused = false;
            flow.resume();
        }
    }
}
