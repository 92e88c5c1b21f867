package org.mip.gateway.hl7.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Frames a {@code byte[]} message as {@code <VT> message <FS><CR>} in one buffer, so each
 * {@code writeAndFlush} puts the whole frame on the wire in one write (peers such as python-hl7's
 * {@code mllp_send} read an ACK with a single {@code recv}). Stateless.
 */
@Sharable
public final class MllpFrameEncoder extends MessageToByteEncoder<byte[]> {
    public static final MllpFrameEncoder INSTANCE = new MllpFrameEncoder();

    private MllpFrameEncoder() {
        super(byte[].class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, byte[] msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(msg.length + 3);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] msg, ByteBuf out) {
        out.writeByte(MllpFrameDecoder.VT).writeBytes(msg).writeByte(MllpFrameDecoder.FS).writeByte(MllpFrameDecoder.CR);
    }

    /** The framed bytes, for blocking clients. */
    public static byte[] frame(byte[] msg) {
        byte[] out = new byte[msg.length + 3];
        out[0] = MllpFrameDecoder.VT;
        System.arraycopy(msg, 0, out, 1, msg.length);
        out[msg.length + 1] = MllpFrameDecoder.FS;
        out[msg.length + 2] = MllpFrameDecoder.CR;
        return out;
    }
}
