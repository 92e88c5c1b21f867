package org.mip.gateway.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.net.pdu.Pdu;

/** Helpers shared by the codec tests. */
final class PduCodecTesting {
    static final int MAX_PDU = 16384;

    private PduCodecTesting() {}

    /** Feeds {@code chunks} to a fresh decoder, closes the channel, returns everything it emitted. */
    static List<Object> decode(PduDecoder decoder, byte[]... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        channel.finish();
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add(msg);
        }
        return out;
    }

    static List<Object> decode(byte[]... chunks) {
        return decode(new PduDecoder(MAX_PDU), chunks);
    }

    /** Decodes one whole PDU that must be valid. */
    static Pdu decodeOne(byte[] bytes) {
        List<Object> out = decode(bytes);
        if (out.size() != 1 || !(out.get(0) instanceof Pdu pdu)) {
            out.forEach(ReferenceCountUtil::release);
            throw new AssertionError("expected one PDU, got " + out);
        }
        return pdu;
    }

    /** Decodes input that must be refused. */
    static MalformedPdu decodeMalformed(byte[] bytes) {
        List<Object> out = decode(bytes);
        if (out.size() != 1 || !(out.get(0) instanceof MalformedPdu malformed)) {
            out.forEach(ReferenceCountUtil::release);
            throw new AssertionError("expected one MalformedPdu, got " + out);
        }
        return malformed;
    }

    static byte[] encode(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer();
        try {
            PduWriter.write(pdu, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
