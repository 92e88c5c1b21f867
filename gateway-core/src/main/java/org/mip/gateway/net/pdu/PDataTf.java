package org.mip.gateway.net.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.List;

/**
 * P-DATA-TF PDU (type 04H, PS3.8 9.3.5 Table 9-22): PDU bytes 7-xxx hold one or more
 * {@link PresentationDataValue} items.
 *
 * <p><b>Ownership.</b> A P-DATA-TF carries the bulk of an association (C-STORE data sets of hundreds of
 * megabytes), so its fragments are {@link ByteBuf}s, not copies: the decoder hands out retained slices
 * of the bytes it read from the socket, and the encoder writes the fragments to the socket without
 * copying them. The PDU therefore is {@link ReferenceCounted} and owns one reference to each
 * fragment: {@link #release()} releases them all, {@link #retain()} retains them all. The usual Netty
 * rule applies: whoever receives a {@code PDataTf} from {@code channelRead} releases it (or passes it
 * on), and writing one to a channel hands it to the encoder, which releases it. A handler that keeps a
 * fragment past the PDU (e.g. queues it for a disk writer) takes its own reference with
 * {@code pdv.data().retainedSlice()} and releases the PDU.
 *
 * <p>Fragments decoded from one PDU may share one underlying buffer (whether a slice has a count of
 * its own depends on the allocator), so {@link #refCnt()}, the count of the first fragment's buffer,
 * may exceed the number of times the PDU was retained: read it as "zero (freed) or not". Each PDV must
 * hold its own reference to its fragment, even when fragments share memory.
 *
 * <p>Equality compares the fragments' readable bytes, which is what tests want; do not compare or
 * print a released PDU.
 */
public record PDataTf(List<PresentationDataValue> pdvs) implements Pdu, ReferenceCounted {

    public PDataTf {
        pdvs = List.copyOf(pdvs);
        if (pdvs.isEmpty()) {
            throw new IllegalArgumentException("a P-DATA-TF holds one or more PDV items");
        }
    }

    /** A P-DATA-TF with one PDV; takes over the caller's reference to {@code data}. */
    public static PDataTf of(int presentationContextId, boolean command, boolean last, ByteBuf data) {
        return new PDataTf(List.of(new PresentationDataValue(presentationContextId, command, last, data)));
    }

    /** The PDU length field: the PDV items with their 4-byte item length fields. */
    public long pduLength() {
        long length = 0;
        for (PresentationDataValue pdv : pdvs) {
            length += 4 + pdv.itemLength();
        }
        return length;
    }

    @Override
    public int pduType() {
        return P_DATA_TF;
    }

    @Override
    public int refCnt() {
        return pdvs.get(0).data().refCnt();
    }

    @Override
    public PDataTf retain() {
        return retain(1);
    }

    @Override
    public PDataTf retain(int increment) {
        for (PresentationDataValue pdv : pdvs) {
            pdv.data().retain(increment);
        }
        return this;
    }

    @Override
    public PDataTf touch() {
        for (PresentationDataValue pdv : pdvs) {
            pdv.data().touch();
        }
        return this;
    }

    @Override
    public PDataTf touch(Object hint) {
        for (PresentationDataValue pdv : pdvs) {
            pdv.data().touch(hint);
        }
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    /** Releases every fragment; true when the first one was deallocated. */
    @Override
    public boolean release(int decrement) {
        boolean deallocated = false;
        for (int i = pdvs.size() - 1; i >= 0; i--) {
            deallocated = pdvs.get(i).data().release(decrement);
        }
        return deallocated;
    }

    @Override
    public String toString() {
        return "PDataTf" + pdvs;
    }
}
