package org.mip.gateway.testing;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code length} zero bytes (an opaque data set for an SCP that only counts it), counting how many of them
 * the reader has consumed: what a back-pressure test watches to see whether a sender is held.
 */
public final class CountingZeros extends InputStream {
    private final long length;
    private final AtomicLong consumed = new AtomicLong();

    public CountingZeros(long length) {
        this.length = length;
    }

    public long length() {
        return length;
    }

    /** Bytes read so far. */
    public long consumed() {
        return consumed.get();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
        long left = length - consumed.get();
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 0);
        consumed.addAndGet(n);
        return n;
    }

    /**
     * Waits until none of {@code sources} has been read further for 500 ms (at most 30 s; a reader that never
     * stops fails the test), then returns how far each got.
     */
    public static long[] untilStill(List<CountingZeros> sources) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        long[] last = sources.stream().mapToLong(CountingZeros::consumed).toArray();
        while (true) {
            Thread.sleep(500);
            long[] now = sources.stream().mapToLong(CountingZeros::consumed).toArray();
            if (Arrays.equals(now, last)) {
                return now;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the senders never stopped reading: " + Arrays.toString(now));
            }
            last = now;
        }
    }
}
