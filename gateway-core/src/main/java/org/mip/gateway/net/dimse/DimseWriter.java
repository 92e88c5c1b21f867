package org.mip.gateway.net.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a DIMSE message into PDV fragments that fit the peer's Maximum Length (PS3.8 D.1): each
 * P-DATA-TF carries one PDV item of 4 (item length) + 1 (presentation context ID) + 1 (message control
 * header) + fragment bytes (PS3.8 9.3.5.1, E.2), so a fragment holds at most max length - 6 bytes. The
 * command comes first with the last-fragment bit on its final fragment, then the data set likewise
 * (PS3.7 6.3.1). A maximum length of 0 means unlimited (PS3.8 D.1): byte arrays and buffers go out as
 * one fragment, streams in chunks of {@link #STREAM_CHUNK}.
 *
 * <p>Fragments go to a {@link FragmentConsumer}, which owns them; the association layer wraps each in a
 * P-DATA-TF and writes it. For a streamed data set the writer runs on the caller's thread and pulls
 * the stream chunk by chunk: back-pressure is the consumer blocking (while the channel is not
 * writable) until the fragment can be written.
 */
public final class DimseWriter {
    /** PDV item bytes before the fragment: item length, presentation context ID, control header. */
    public static final int PDV_OVERHEAD = 6;
    /** Largest fragment read from a stream at a time. */
    public static final int STREAM_CHUNK = 1 << 20;

    /** Receives the fragments of a message in order; takes ownership of {@code fragment}. */
    @FunctionalInterface
    public interface FragmentConsumer {
        void accept(int presentationContextId, boolean command, boolean last, ByteBuf fragment) throws IOException;
    }

    private final int maxFragmentLength;

    /** @param peerMaxPduLength the peer's Maximum Length Received (PS3.8 D.1), 0 for unlimited */
    public DimseWriter(long peerMaxPduLength) {
        if (peerMaxPduLength < 0 || peerMaxPduLength > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("max PDU length not a 32-bit unsigned value: " + peerMaxPduLength);
        }
        if (peerMaxPduLength != 0 && peerMaxPduLength <= PDV_OVERHEAD) {
            throw new IllegalArgumentException("max PDU length " + peerMaxPduLength + " leaves no room for data");
        }
        this.maxFragmentLength = peerMaxPduLength == 0
                ? Integer.MAX_VALUE
                : (int) Math.min(Integer.MAX_VALUE, peerMaxPduLength - PDV_OVERHEAD);
    }

    /** The largest fragment this writer produces ({@link Integer#MAX_VALUE} when unlimited). */
    public int maxFragmentLength() {
        return maxFragmentLength;
    }

    /** Writes the command of {@code message}; its data set, if any, must follow with a writeDataSet call. */
    public void writeCommand(int presentationContextId, DimseMessage message, FragmentConsumer out)
            throws IOException {
        write(presentationContextId, true, Unpooled.wrappedBuffer(CommandCodec.encode(message)), out);
    }

    /** Writes a whole message: the command, then {@code dataSet} (required iff the message has one). */
    public void write(int presentationContextId, DimseMessage message, byte[] dataSet, FragmentConsumer out)
            throws IOException {
        if (message.hasDataSet() != (dataSet != null)) {
            throw new IllegalArgumentException(message.commandField() + (message.hasDataSet()
                    ? " needs a data set" : " has no data set"));
        }
        writeCommand(presentationContextId, message, out);
        if (dataSet != null) {
            writeDataSet(presentationContextId, dataSet, out);
        }
    }

    public void writeDataSet(int presentationContextId, byte[] dataSet, FragmentConsumer out) throws IOException {
        write(presentationContextId, false, Unpooled.wrappedBuffer(dataSet), out);
    }

    /** Writes {@code dataSet}'s readable bytes; takes ownership of the buffer. */
    public void writeDataSet(int presentationContextId, ByteBuf dataSet, FragmentConsumer out) throws IOException {
        write(presentationContextId, false, dataSet, out);
    }

    /**
     * Writes a data set read from {@code in} until its end, in fragments of at most {@link
     * #maxFragmentLength()} (and {@link #STREAM_CHUNK}) bytes; reads one chunk ahead to know which is
     * the last. An empty stream gives one empty last fragment.
     *
     * @return the number of data set bytes written
     */
    public long writeDataSet(int presentationContextId, InputStream in, FragmentConsumer out) throws IOException {
        int chunk = Math.min(maxFragmentLength, STREAM_CHUNK);
        long total = 0;
        byte[] current = in.readNBytes(chunk);
        while (true) {
            byte[] next = current.length < chunk ? null : in.readNBytes(chunk);
            boolean last = next == null || next.length == 0;
            total += current.length;
            out.accept(presentationContextId, false, last, Unpooled.wrappedBuffer(current));
            if (last) {
                return total;
            }
            current = next;
        }
    }

    private void write(int pcid, boolean command, ByteBuf bytes, FragmentConsumer out) throws IOException {
        try {
            if (bytes.readableBytes() <= maxFragmentLength) {
                out.accept(pcid, command, true, bytes.retain());
                return;
            }
            while (bytes.isReadable()) {
                int n = Math.min(maxFragmentLength, bytes.readableBytes());
                ByteBuf fragment = bytes.readRetainedSlice(n);
                out.accept(pcid, command, !bytes.isReadable(), fragment);
            }
        } finally {
            bytes.release();
        }
    }
}
