package org.mip.gateway.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MllpFrameDecoderTest {
    private static final byte[] TWO_FRAMES = twoFrames();

    private static byte[] twoFrames() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // stray bytes before a frame are skipped
        out.writeBytes(MllpFrameEncoder.frame("MSH|first\rPID|1".getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(MllpFrameEncoder.frame("MSH|second é".getBytes(StandardCharsets.UTF_8)));
        return out.toByteArray();
    }

    private static List<String> decode(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o.toString());
        }
        return out;
    }

    @Test
    void decode_splitAtEveryBoundary_yieldsTheSameTwoMessages() {
        for (int split = 0; split <= TWO_FRAMES.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(1000));
            ch.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(TWO_FRAMES, split, TWO_FRAMES.length - split));
            assertThat(decode(ch)).as("split at %d", split).containsExactly("MSH|first\rPID|1", "MSH|second é");
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void decode_byteAtATime() {
        EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(1000));
        for (byte b : TWO_FRAMES) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(decode(ch)).containsExactly("MSH|first\rPID|1", "MSH|second é");
        ch.finishAndReleaseAll();
    }

    @Test
    void decode_rejectsMessageLongerThanMaxLength_withoutBufferingIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(10));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x0B, 'M', 'S', 'H', '|', '1', '2', '3', '4', '5', '6', '7'}));
        Object o = ch.readInbound();
        assertThat(o).isInstanceOf(MllpFrameDecoder.TooLong.class);
        ch.writeInbound(Unpooled.wrappedBuffer(MllpFrameEncoder.frame("MSH|x".getBytes(StandardCharsets.US_ASCII))));
        assertThat(ch.<Object>readInbound()).isNull(); // everything after is discarded; the handler closes
        ch.finishAndReleaseAll();
    }

    @Test
    void encode_writesOneWholeFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(MllpFrameEncoder.INSTANCE);
        ch.writeOutbound((Object) "MSH|ack".getBytes(StandardCharsets.US_ASCII));
        io.netty.buffer.ByteBuf buf = ch.readOutbound();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        assertThat(bytes).containsExactly(MllpFrameEncoder.frame("MSH|ack".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ch.<Object>readOutbound()).isNull();
    }
}
