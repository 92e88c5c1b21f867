package org.mip.gateway.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationDataValue;

/**
 * Encodes each outgoing {@link Pdu} into exactly one {@link ByteBuf}, so a PDU is always one write and
 * is never split across flushes. Stateless: use the shared {@link #INSTANCE}.
 *
 * <p>A P-DATA-TF whose fragments exceed {@value #COPY_THRESHOLD} bytes is not copied: the result is a
 * {@link CompositeByteBuf} of small header buffers and retained fragments, which the transport writes
 * with one gathering write. Smaller PDUs (commands, association PDUs) are copied into one buffer. As
 * with any {@link MessageToMessageEncoder}, the written PDU is released after encoding.
 */
@Sharable
public final class PduEncoder extends MessageToMessageEncoder<Pdu> {
    /** The shared instance. */
    public static final PduEncoder INSTANCE = new PduEncoder();

    /** P-DATA-TF fragment bytes above which fragments are not copied. */
    public static final int COPY_THRESHOLD = 2048;

    private PduEncoder() {
        super(Pdu.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) {
        out.add(encode(pdu, ctx.alloc()));
    }

    /**
     * Encodes {@code pdu} into a new buffer without releasing it: a composite that shares the fragments of
     * a large P-DATA-TF, else a copy.
     */
    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc) {
        if (pdu instanceof PDataTf pData && pData.pduLength() - 6L * pData.pdvs().size() > COPY_THRESHOLD) {
            return encodeShared(pData, alloc);
        }
        ByteBuf buf = alloc.buffer(initialCapacity(pdu));
        try {
            PduWriter.write(pdu, buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private static int initialCapacity(Pdu pdu) {
        if (pdu instanceof PDataTf pData) {
            return (int) (Pdu.HEADER_LENGTH + pData.pduLength());
        }
        return pdu.pduType() <= Pdu.A_ASSOCIATE_AC ? 1024 : 16;
    }

    private static ByteBuf encodeShared(PDataTf pData, ByteBufAllocator alloc) {
        long pduLength = pData.pduLength();
        if (pduLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("P-DATA-TF longer than 2^32-1 bytes");
        }
        CompositeByteBuf composite = alloc.compositeBuffer(2 * pData.pdvs().size());
        try {
            boolean first = true;
            for (PresentationDataValue pdv : pData.pdvs()) {
                ByteBuf header = alloc.buffer(first ? 12 : 6);
                if (first) {
                    header.writeByte(Pdu.P_DATA_TF).writeByte(0).writeInt((int) pduLength);
                    first = false;
                }
                PduWriter.writePdvHeader(header, pdv);
                composite.addComponent(true, header);
                composite.addComponent(true, pdv.data().retainedSlice());
            }
            return composite;
        } catch (RuntimeException e) {
            composite.release();
            throw e;
        }
    }
}
