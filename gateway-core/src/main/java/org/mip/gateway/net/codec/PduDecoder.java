package org.mip.gateway.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.Pdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames and decodes incoming PDUs: emits one {@link Pdu} per PDU, or a {@link MalformedPdu}, and never
 * throws through the pipeline. Stateful: one instance per channel.
 *
 * <p>Framing is that of a {@code LengthFieldBasedFrameDecoder} (PS3.8 9.3.1: the PDU length is at
 * offset 2, 4 bytes, big endian, and counts the bytes after the 6-byte header) with a bound that
 * depends on the PDU type, checked as soon as the header arrives, before anything is buffered:
 * <ul>
 *   <li>P-DATA-TF and unknown types: {@code maxPduLength}, the Maximum Length (PS3.8 D.1) this end
 *       announces; it bounds the PDU length field.</li>
 *   <li>A-ASSOCIATE-RQ/AC: {@code maxAssociatePduLength}. The negotiated maximum applies to P-DATA-TF
 *       only, and a request with many presentation contexts or a large user identity may exceed it.</li>
 *   <li>A-ASSOCIATE-RJ, A-RELEASE-RQ/RP, A-ABORT: exactly 4.</li>
 * </ul>
 *
 * <p>A PDU over its bound, a PDU whose content {@link PduReader} refuses, or a connection closed
 * inside a PDU becomes a {@link MalformedPdu}; then every further byte is discarded, since the stream
 * is no longer trustworthy and the upper layer will abort. A PDU of a reserved type becomes an
 * {@link org.mip.gateway.net.pdu.UnknownPdu} and decoding goes on: framing is intact, and answering it
 * (A-ABORT, reason unrecognized-PDU) is the state machine's job.
 *
 * <p>The decoder does not log refusals: the upper layer that answers them logs each once.
 *
 * <p>A P-DATA-TF holds retained slices of the received bytes, not copies: see
 * {@link org.mip.gateway.net.pdu.PDataTf} for who releases it.
 */
public final class PduDecoder extends ByteToMessageDecoder {
    /** Default bound for A-ASSOCIATE-RQ/AC: 256 KiB. */
    public static final int DEFAULT_MAX_ASSOCIATE_PDU_LENGTH = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(PduDecoder.class);

    private final int maxPduLength;
    private final int maxAssociatePduLength;
    private boolean failed;

    /** A decoder with the {@link #DEFAULT_MAX_ASSOCIATE_PDU_LENGTH}. */
    public PduDecoder(int maxPduLength) {
        this(maxPduLength, DEFAULT_MAX_ASSOCIATE_PDU_LENGTH);
    }

    /**
     * @param maxPduLength the largest P-DATA-TF PDU length accepted, as announced in our Maximum Length
     *     sub-item; at least 7 (one PDV with one byte)
     * @param maxAssociatePduLength the largest A-ASSOCIATE-RQ/AC PDU length accepted; at least 68
     */
    public PduDecoder(int maxPduLength, int maxAssociatePduLength) {
        if (maxPduLength < 7) {
            throw new IllegalArgumentException("maxPduLength below 7: " + maxPduLength);
        }
        if (maxAssociatePduLength < PduReader.ASSOCIATE_FIXED_LENGTH) {
            throw new IllegalArgumentException("maxAssociatePduLength below 68: " + maxAssociatePduLength);
        }
        this.maxPduLength = maxPduLength;
        this.maxAssociatePduLength = maxAssociatePduLength;
    }

    public int maxPduLength() {
        return maxPduLength;
    }

    public int maxAssociatePduLength() {
        return maxAssociatePduLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Pdu.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        long length = in.getUnsignedInt(start + 2);
        String refusal = checkLength(type, length);
        if (refusal != null) {
            fail(in, out, new MalformedPdu(type, length, lengthAbortReason(type), refusal));
            return;
        }
        if (in.readableBytes() < Pdu.HEADER_LENGTH + length) {
            return;
        }
        int body = start + Pdu.HEADER_LENGTH;
        try {
            Pdu pdu = PduReader.read(type, in, body, (int) length);
            in.readerIndex(body + (int) length);
            out.add(pdu);
        } catch (PduFormatException e) {
            fail(in, out, new MalformedPdu(type, length, e.abortReason(), e.getMessage()));
        } catch (RuntimeException e) {
            // A bug, not the peer's fault; still nothing must escape into the pipeline.
            log.warn("Failed to decode {} of length {}", Pdu.typeName(type), length, e);
            fail(in, out, new MalformedPdu(type, length, AAbort.Reason.REASON_NOT_SPECIFIED,
                    "decoder error: " + e));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // decode() has already taken every complete PDU; what is left is a partial one.
        if (!failed && in.isReadable()) {
            int readable = in.readableBytes();
            MalformedPdu truncated = readable < Pdu.HEADER_LENGTH
                    ? new MalformedPdu(-1, -1, AAbort.Reason.REASON_NOT_SPECIFIED,
                            "connection closed after " + readable + " bytes of a PDU header")
                    : new MalformedPdu(in.getUnsignedByte(in.readerIndex()), in.getUnsignedInt(in.readerIndex() + 2),
                            AAbort.Reason.REASON_NOT_SPECIFIED, "connection closed after "
                                    + (readable - Pdu.HEADER_LENGTH) + " bytes of the PDU body");
            fail(in, out, truncated);
        } else {
            in.skipBytes(in.readableBytes());
        }
    }

    /** Null if {@code length} is acceptable for a PDU of {@code type}, else why not. */
    private String checkLength(int type, long length) {
        switch (type) {
            case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> {
                if (length > maxAssociatePduLength) {
                    return "PDU length " + length + " exceeds the limit of " + maxAssociatePduLength;
                }
                if (length < PduReader.ASSOCIATE_FIXED_LENGTH) {
                    return "PDU length " + length + " below its 68 fixed bytes";
                }
            }
            case Pdu.A_ASSOCIATE_RJ, Pdu.A_RELEASE_RQ, Pdu.A_RELEASE_RP, Pdu.A_ABORT -> {
                if (length != PduReader.FIXED_PDU_LENGTH) {
                    return "PDU length " + length + ", expected 4";
                }
            }
            default -> {
                if (length > maxPduLength) {
                    return "PDU length " + length + " exceeds the maximum PDU length " + maxPduLength;
                }
            }
        }
        return null;
    }

    private static AAbort.Reason lengthAbortReason(int type) {
        return type >= Pdu.A_ASSOCIATE_RQ && type <= Pdu.A_ABORT
                ? AAbort.Reason.INVALID_PDU_PARAMETER_VALUE
                : AAbort.Reason.UNRECOGNIZED_PDU;
    }

    private void fail(ByteBuf in, List<Object> out, MalformedPdu malformed) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(malformed);
    }
}
