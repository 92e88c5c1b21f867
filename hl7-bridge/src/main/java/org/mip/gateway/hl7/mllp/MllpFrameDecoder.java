package org.mip.gateway.hl7.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * MLLP framing (HL7 v2.5.1 Appendix C, MLLP release 2 block format): {@code <VT> message <FS><CR>}.
 * Emits each message as {@code byte[]} without the framing bytes. Bytes between frames (stray CR/LF)
 * are skipped; an {@code <FS>} not followed by {@code <CR>} still ends the frame. A message longer than
 * {@code maxLength} is never buffered whole: a {@link TooLong} is emitted and the rest of the input is
 * discarded, for the handler to log and close. Never throws through the pipeline.
 */
public final class MllpFrameDecoder extends ByteToMessageDecoder {
    public static final byte VT = 0x0B;
    public static final byte FS = 0x1C;
    public static final byte CR = 0x0D;

    /** A message exceeded the maximum length; {@code seen} bytes of it had arrived. */
    public record TooLong(int maxLength, long seen) {}

    private final int maxLength;
    private boolean inFrame;
    private int scanned;
    private boolean failed;

    public MllpFrameDecoder(int maxLength) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (failed) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (!inFrame) {
                int vt = in.indexOf(in.readerIndex(), in.writerIndex(), VT);
                if (vt < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(vt + 1);
                inFrame = true;
                scanned = 0;
            }
            int start = in.readerIndex();
            int fs = in.indexOf(start + scanned, in.writerIndex(), FS);
            int length = fs < 0 ? in.readableBytes() : fs - start;
            if (length > maxLength) {
                failed = true;
                out.add(new TooLong(maxLength, length));
                in.skipBytes(in.readableBytes());
                return;
            }
            if (fs < 0) {
                scanned = in.readableBytes();
                return;
            }
            byte[] message = new byte[length];
            in.readBytes(message);
            in.skipBytes(1);
            if (in.isReadable() && in.getByte(in.readerIndex()) == CR) {
                in.skipBytes(1);
            }
            inFrame = false;
            scanned = 0;
            out.add(message);
        }
    }
}
