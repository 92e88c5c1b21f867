package org.mip.gateway.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;

/**
 * Buffered input that knows its absolute position and, when the source's size is known, how many
 * bytes are left, so that a declared length can be checked before anything is allocated.
 * Reads past the end throw {@link EOFException}; the caller turns that into a {@link DicomParseException}.
 */
final class ByteInput {
    static final int BUFFER_SIZE = 64 * 1024;

    private InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;
    /** Absolute position of buf[0]. */
    private long base;
    /** Absolute position at which the input ends, or -1 when unknown. */
    private long end;
    private boolean eof;

    ByteInput(InputStream in, long knownLength) {
        this.in = in;
        this.end = knownLength;
    }

    long position() {
        return base + pos;
    }

    /** Bytes left when the input's size is known, else {@link Long#MAX_VALUE}. */
    long remainingKnown() {
        return end < 0 ? Long.MAX_VALUE : end - position();
    }

    /** Whether the input's size is known (a file), so {@link #remainingKnown()} is exact. */
    boolean knowsEnd() {
        return end >= 0;
    }

    /** Tries to buffer {@code n <= BUFFER_SIZE} bytes; returns how many are buffered (less only at end of input). */
    int fill(int n) throws IOException {
        if (lim - pos >= n) {
            return lim - pos;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        while (lim < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - pos;
    }

    /** Whether the input has no more bytes. */
    boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    /** Byte at {@code pos + i} (i < buffered count) without consuming it. */
    int peek(int i) {
        return buf[pos + i] & 0xFF;
    }

    /** Direct access to the buffer for peeks; valid after {@link #fill}. */
    byte[] buffer() {
        return buf;
    }

    int bufferPos() {
        return pos;
    }

    void require(int n) throws IOException {
        if (fill(n) < n) {
            throw new EOFException();
        }
    }

    int u16(boolean bigEndian) throws IOException {
        require(2);
        int b0 = buf[pos] & 0xFF;
        int b1 = buf[pos + 1] & 0xFF;
        pos += 2;
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    /** Unsigned 32-bit value as a long. */
    long u32(boolean bigEndian) throws IOException {
        require(4);
        long v = bigEndian
                ? ((buf[pos] & 0xFFL) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF)
                : ((buf[pos + 3] & 0xFFL) << 24) | ((buf[pos + 2] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos] & 0xFF);
        pos += 4;
        return v;
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == lim && fill(1) == 0) {
                throw new EOFException();
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Skips by reading: {@code InputStream.skip} may silently skip past the end of a file. */
    void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim) {
                base += lim;
                pos = lim = 0;
                if (fill(1) == 0) {
                    throw new EOFException();
                }
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    /** Copies {@code n} bytes to {@code out} in buffer-sized chunks. */
    void copyTo(OutputStream out, long n) throws IOException {
        while (n > 0) {
            if (pos == lim && fill(1) == 0) {
                throw new EOFException();
            }
            int k = (int) Math.min(n, lim - pos);
            out.write(buf, pos, k);
            pos += k;
            n -= k;
        }
    }

    /**
     * Replaces the source by {@code wrap(rest)}, where rest yields the buffered and unread bytes;
     * used to inflate a deflated data set (PS3.5 A.5). Positions restart at 0, the size becomes unknown.
     */
    void wrapRemaining(java.util.function.UnaryOperator<InputStream> wrap) {
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buf.clone(), pos, lim - pos), in);
        in = wrap.apply(rest);
        pos = lim = 0;
        base = 0;
        end = -1;
        eof = false;
    }

    void close() throws IOException {
        in.close();
    }
}
