package org.mip.gateway.net.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.PresentationDataValue;

class PduSizeEstimatorTest {

    @Test
    void pDataTf_isCountedByTheBytesItEncodesTo() {
        PDataTf pdu = new PDataTf(List.of(
                new PresentationDataValue(1, true, true, Unpooled.wrappedBuffer(new byte[100])),
                new PresentationDataValue(3, false, false, Unpooled.wrappedBuffer(new byte[65_000]))));
        int estimated = PduSizeEstimator.INSTANCE.newHandle().size(pdu);

        EmbeddedChannel channel = new EmbeddedChannel(PduEncoder.INSTANCE);
        assertThat(channel.writeOutbound(pdu)).isTrue();
        ByteBuf encoded = channel.readOutbound();
        try {
            // 6-byte PDU header, then per PDV 4 (item length) + 1 (context ID) + 1 (control header) + data
            assertThat(estimated).isEqualTo(encoded.readableBytes()).isEqualTo(6 + (6 + 100) + (6 + 65_000));
        } finally {
            encoded.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void controlPdus_countAsSmall_buffersByTheirBytes() {
        var handle = PduSizeEstimator.INSTANCE.newHandle();
        assertThat(handle.size(AReleaseRq.INSTANCE)).isEqualTo(PduSizeEstimator.CONTROL_PDU_SIZE);
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[1234]);
        assertThat(handle.size(raw)).isEqualTo(1234);
        raw.release();
    }

    @Test
    void install_setsTheEstimatorOnTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        PduCodec.install(channel.pipeline(), 65536);
        assertThat(channel.config().getMessageSizeEstimator()).isSameAs(PduSizeEstimator.INSTANCE);
        channel.finishAndReleaseAll();
    }
}
