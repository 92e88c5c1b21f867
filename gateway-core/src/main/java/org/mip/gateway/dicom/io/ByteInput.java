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
    /** The largest buffer: what {@link #fill} may be asked for, and the size bulk reads and skips use. */
    static final int BUFFER_SIZE = 64 * 1024;
    /**
     * The buffer a parse starts with: element headers and short values need little, and a reader that only
     * walks a data set (the archive parses every stored file) should not allocate 64 KB for it.
     */
    static final int INITIAL_BUFFER_SIZE = 8 * 1024;

    private InputStream in;
    private byte[] buf = new byte[INITIAL_BUFFER_SIZE];
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
        if (n > buf.length) {
            grow(n);
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

    /** A buffer of at least {@code n} (at most {@link #BUFFER_SIZE}) bytes, keeping the unread ones. */
    private void grow(int n) {
        byte[] bigger = new byte[Math.min(BUFFER_SIZE, Math.max(n, 2 * buf.length))];
        System.arraycopy(buf, pos, bigger, 0, lim - pos);
        base += pos;
        lim -= pos;
        pos = 0;
        buf = bigger;
    }

    /** Before moving {@code n} bytes through the buffer: the largest buffer, so that reads are few. */
    private void bulk(long n) {
        if (n > buf.length && buf.length < BUFFER_SIZE) {
            grow(BUFFER_SIZE);
        }
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
        bulk(len);
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

    /**
     * Skips {@code n} bytes. {@code InputStream.skip} may silently skip past the end of its input, so it is
     * used only when the input's size is known (a file) and {@code n} is checked against what is left first,
     * and the last skipped byte is still read, so that a file shorter than its known size fails as if it had
     * been read through; otherwise the bytes are read and dropped. A stored file's Pixel Data is so skipped
     * without being read.
     */
    void skip(long n) throws IOException {
        if (end >= 0 && n > remainingKnown()) {
            throw new EOFException();
        }
        if (end < 0) {
            bulk(n);
        }
        while (n > 0) {
            if (pos < lim) {
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
                continue;
            }
            base += lim;
            pos = lim = 0;
            if (end >= 0 && n > 1) {
                // all but the last byte, which is read: a file shorter than it was said to be fails here
                long s = in.skip(n - 1);
                if (s > 0) {
                    base += s;
                    n -= s;
                    continue;
                }
            }
            if (fill(1) == 0) { // the last byte, or a stream that cannot skip: read
                throw new EOFException();
            }
        }
    }

    /** Copies {@code n} bytes to {@code out} in buffer-sized chunks. */
    void copyTo(OutputStream out, long n) throws IOException {
        bulk(n);
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
