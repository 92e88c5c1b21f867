package org.mip.gateway.net.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command or one data set into P-DATA-TF PDUs that fit the peer's maximum PDU length, one
 * PDV per PDU, with the message control header of PS3.8 E.2: the command bit on every fragment of a
 * command, the last-fragment bit on the final fragment only.
 *
 * <p>The peer's Maximum Length (PS3.8 D.1) bounds the P-DATA-TF PDU length field, which counts the PDV
 * item header (item length 4 bytes, context ID, control header: 6 bytes) and the fragment; so a
 * fragment holds at most {@code peerMaxPduLength - 6} bytes. A maximum of 0 means "no limit" (PS3.8
 * D.1); fragments are then, and always, at most {@code localLimit} bytes long, so that streaming a
 * large data set never needs more than one fragment in memory.
 *
 * <p>Streaming use: {@link #add} chunks as they are read (e.g. from a file), send the PDUs it returns,
 * then {@link #finish()}. The fragmenter takes ownership of each chunk and never copies: a fragment is a
 * retained slice of one chunk, or a composite of slices when it spans chunks. It keeps back at least
 * one fragment's worth of bytes until {@link #finish()}, because only then is it known which fragment
 * is the last. Not thread-safe.
 */
public final class PDataFragmenter {
    /** The default local limit on a fragment: 1 MiB. */
    public static final int DEFAULT_LOCAL_LIMIT = 1 << 20;

    private final int presentationContextId;
    private final boolean command;
    private final int fragmentLength;
    private final ByteBufAllocator alloc;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean finished;

    /**
     * @param presentationContextId the accepted presentation context of the message
     * @param command true for a command, false for a data set
     * @param peerMaxPduLength the peer's Maximum Length (51H); 0 for no limit, else at least 7
     * @param localLimit the largest fragment to build, at least 1
     * @param alloc allocator for composite fragments and for the empty last fragment
     */
    public PDataFragmenter(int presentationContextId, boolean command, long peerMaxPduLength, int localLimit,
            ByteBufAllocator alloc) {
        if (presentationContextId < 0 || presentationContextId > 0xFF) {
            throw new IllegalArgumentException("presentation context ID not in 0..255: " + presentationContextId);
        }
        this.presentationContextId = presentationContextId;
        this.command = command;
        this.fragmentLength = maxFragmentLength(peerMaxPduLength, localLimit);
        this.alloc = alloc;
    }

    /** A fragmenter with the {@link #DEFAULT_LOCAL_LIMIT}. */
    public PDataFragmenter(int presentationContextId, boolean command, long peerMaxPduLength, ByteBufAllocator alloc) {
        this(presentationContextId, command, peerMaxPduLength, DEFAULT_LOCAL_LIMIT, alloc);
    }

    /**
     * The longest fragment a P-DATA-TF may carry for a peer Maximum Length: {@code peerMaxPduLength - 6},
     * or {@code localLimit} if smaller or if the peer set no limit (0).
     *
     * @throws IllegalArgumentException if the peer's maximum leaves no room for a single byte (1-6),
     *     is not an unsigned 32-bit value, or {@code localLimit < 1}
     */
    public static int maxFragmentLength(long peerMaxPduLength, int localLimit) {
        if (localLimit < 1) {
            throw new IllegalArgumentException("local limit must be positive: " + localLimit);
        }
        if (peerMaxPduLength < 0 || peerMaxPduLength > 0xFFFF_FFFFL
                || (peerMaxPduLength > 0 && peerMaxPduLength <= PresentationDataValue.HEADER_LENGTH)) {
            throw new IllegalArgumentException("unusable maximum PDU length: " + peerMaxPduLength);
        }
        if (peerMaxPduLength == 0) {
            return localLimit;
        }
        return (int) Math.min(localLimit, peerMaxPduLength - PresentationDataValue.HEADER_LENGTH);
    }

    /**
     * Splits a whole message held in memory; takes ownership of {@code message}. An empty message
     * gives one PDU with an empty last fragment.
     */
    public static List<PDataTf> fragment(int presentationContextId, boolean command, ByteBuf message,
            long peerMaxPduLength, ByteBufAllocator alloc) {
        PDataFragmenter fragmenter = new PDataFragmenter(presentationContextId, command, peerMaxPduLength, alloc);
        List<PDataTf> pdus = fragmenter.add(message);
        pdus.addAll(fragmenter.finish());
        return pdus;
    }

    /** The length of the fragments this fragmenter builds (the last one may be shorter). */
    public int fragmentLength() {
        return fragmentLength;
    }

    /**
     * Adds the readable bytes of {@code chunk} (taking ownership of it) and returns the PDUs that are
     * complete, none of them flagged last. The caller owns (writes or releases) the returned PDUs.
     */
    public List<PDataTf> add(ByteBuf chunk) {
        if (finished) {
            chunk.release();
            throw new IllegalStateException("already finished");
        }
        List<PDataTf> out = new ArrayList<>();
        if (!chunk.isReadable()) {
            chunk.release();
            return out;
        }
        pending.add(chunk);
        pendingBytes += chunk.readableBytes();
        // Strictly more than one fragment pending: the one kept back may turn out to be the last.
        while (pendingBytes > fragmentLength) {
            out.add(PDataTf.of(presentationContextId, command, false, take(fragmentLength)));
        }
        return out;
    }

    /**
     * Returns the remaining PDUs, the final one flagged last: at most one PDU, whose fragment may be
     * empty when no bytes were added (an empty message still needs its last fragment).
     */
    public List<PDataTf> finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        ByteBuf rest = pendingBytes == 0 ? alloc.buffer(0, 0) : take((int) pendingBytes);
        List<PDataTf> out = new ArrayList<>(1);
        out.add(PDataTf.of(presentationContextId, command, true, rest));
        return out;
    }

    /** Releases the bytes kept back, e.g. when the association aborts mid-message. */
    public void discard() {
        finished = true;
        ByteBuf chunk;
        while ((chunk = pending.poll()) != null) {
            chunk.release();
        }
        pendingBytes = 0;
    }

    private ByteBuf take(int length) {
        pendingBytes -= length;
        ByteBuf head = pending.peek();
        if (head.readableBytes() > length) {
            return head.readRetainedSlice(length);
        }
        if (head.readableBytes() == length) {
            return pending.poll();
        }
        CompositeByteBuf composite = alloc.compositeBuffer(Integer.MAX_VALUE);
        int remaining = length;
        while (remaining > 0) {
            head = pending.peek();
            ByteBuf part;
            if (head.readableBytes() > remaining) {
                part = head.readRetainedSlice(remaining);
            } else {
                part = pending.poll();
            }
            remaining -= part.readableBytes();
            composite.addComponent(true, part);
        }
        return composite;
    }
}
